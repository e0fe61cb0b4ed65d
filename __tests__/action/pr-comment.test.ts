// pr-comment: the action, spawned as the runner spawns it, keeps one results comment on the pull request,
// talking over real loopback HTTP to a scripted stand-in of the GitHub REST API.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeWorkspace, ROOT, runAction, type ActionRun } from '../helpers/action.ts';

const TOKEN = 'ghs_prCommentTestToken0123456789abcdefXYZ';
const REPO = 'acme/ivr-flows';
const PR = 42;
const MARKER = '<!-- cxone-flow-test:cxone-flow-report -->';

interface Comment {
  id: number;
  body: string;
}
interface Hit {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** The few routes of the GitHub REST API the comment needs, with hits counted on the server side. */
class GitHubStandIn {
  readonly hits: Hit[] = [];
  comments: Comment[] = [{ id: 1, body: 'LGTM, but run the IVR tests' }];
  /** Status to answer POST and PATCH with instead of doing them. */
  refuseWrites: number | undefined;
  private nextId = 100;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        this.hits.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
        const { status, json } = this.answer(req.method!, new URL(req.url!, 'http://x'), body, req.headers.authorization);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private answer(method: string, url: URL, body: string, auth: string | undefined): { status: number; json: unknown } {
    // Octokit sends `token <t>`; GitHub accepts that and `Bearer <t>` alike.
    if (auth !== `token ${TOKEN}` && auth !== `Bearer ${TOKEN}`) return { status: 401, json: { message: 'Bad credentials' } };
    const list = `/repos/${REPO}/issues/${PR}/comments`;
    if (method === 'GET' && url.pathname === list) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return { status: 200, json: this.comments.slice((page - 1) * perPage, page * perPage) };
    }
    if ((method === 'POST' || method === 'PATCH') && this.refuseWrites)
      return { status: this.refuseWrites, json: { message: 'Resource not accessible by integration' } };
    if (method === 'POST' && url.pathname === list) {
      const comment = { id: this.nextId++, body: (JSON.parse(body) as Comment).body };
      this.comments.push(comment);
      return { status: 201, json: comment };
    }
    const edit = new RegExp(`^/repos/${REPO}/issues/comments/(\\d+)$`).exec(url.pathname);
    const existing = edit && this.comments.find((c) => c.id === Number(edit[1]));
    if (method === 'PATCH' && existing) {
      existing.body = (JSON.parse(body) as Comment).body;
      return { status: 200, json: existing };
    }
    return { status: 404, json: { message: 'Not Found' } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

function workspace(scenarios: string[]): string {
  const copies: Record<string, string> = { flows: 'e2e/flows' };
  for (const f of scenarios) copies[`cxone-tests/${f}`] = `e2e/scenarios/${f}`;
  return makeWorkspace(copies);
}

async function runWithPullRequest(
  api: GitHubStandIn,
  ws: string,
  event: object = { pull_request: { number: PR, head: { sha: 'abcdef0123456789' } } },
): Promise<ActionRun> {
  const eventPath = path.join(ws, '.event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  return runAction({
    entry: path.join(ROOT, 'src/index.ts'),
    workspace: ws,
    inputs: {
      target: 'emulator',
      flows: 'flows/*.yaml',
      'pr-comment': 'true',
      'github-token': TOKEN,
      'junit-path': 'junit.xml',
      'json-report-path': 'report.json',
    },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: REPO,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: 'abcdef0123456789',
      GITHUB_RUN_ID: '987',
    },
  });
}

/** Everything a run leaves behind that a person or a later step could read. */
function everyOutput(run: ActionRun): string {
  const files = readdirSync(run.workspace, { recursive: true, withFileTypes: true }).filter(
    (d) => d.isFile() && !d.name.endsWith('.event.json'),
  );
  const log = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  return [
    log,
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
    ...files.map((d) => readFileSync(path.join(d.parentPath, d.name), 'utf8')),
  ].join('\n');
}

describe('pr-comment', () => {
  const api = new GitHubStandIn();
  before(() => api.start());
  after(() => api.stop());

  test('the first run posts one comment with the marker; the next run edits that comment in place', async () => {
    const ws = workspace(['mismatch.yaml']);
    const first = await runWithPullRequest(api, ws);
    assert.equal(first.code, 1, 'the mismatch still fails the check');
    const posts = api.hits.filter((h) => h.method === 'POST');
    assert.equal(posts.length, 1, JSON.stringify(api.hits.map((h) => `${h.method} ${h.url}`)));
    assert.equal(posts[0]!.url, `/repos/${REPO}/issues/${PR}/comments`);
    const ours = api.comments.filter((c) => c.body.includes(MARKER));
    assert.equal(ours.length, 1);
    assert.match(ours[0]!.body, /^<!-- cxone-flow-test:cxone-flow-report -->\n### ❌ CXone flow tests failed/);
    assert.match(ours[0]!.body, /Option 2 routes to support/);
    assert.match(ours[0]!.body, /actions\/runs\/987/);
    assert.match(first.stdout, /Posted the results comment on pull request #42/);
    assert.ok(!first.annotations.some((a) => /accepted but not yet acted on/.test(a.message)), 'pr-comment and junit-path are acted on');
    assert.match(
      readFileSync(path.join(ws, 'junit.xml'), 'utf8'),
      /<testsuite name="cxone-tests\/mismatch.yaml" tests="2" failures="1" errors="0"/,
    );

    writeFileSync(
      path.join(ws, 'cxone-tests/mismatch.yaml'),
      readFileSync(path.join(ws, 'cxone-tests/mismatch.yaml'), 'utf8').replace(
        'node_route_support, node_exit]',
        'node_route_sales, node_exit]',
      ),
    );
    api.hits.length = 0;
    const second = await runWithPullRequest(api, ws);
    assert.equal(second.code, 0, second.stdout);
    assert.deepEqual(
      api.hits.map((h) => h.method),
      ['GET', 'PATCH'],
    );
    assert.equal(api.hits[1]!.url, `/repos/${REPO}/issues/comments/${ours[0]!.id}`);
    assert.equal(api.comments.filter((c) => c.body.includes(MARKER)).length, 1, 'no second comment');
    assert.match(api.comments.find((c) => c.id === ours[0]!.id)!.body, /### ✅ CXone flow tests passed/);
    assert.equal(api.comments[0]!.body, 'LGTM, but run the IVR tests', 'other comments are left alone');
    for (const run of [first, second]) assert.ok(!everyOutput(run).includes(TOKEN), 'the token appears in no output');
    assert.ok(api.hits.every((h) => h.authorization === `token ${TOKEN}` || h.authorization === `Bearer ${TOKEN}`));
  });

  test('a token that cannot write (fork pull request): a notice that says why, not a failure', async () => {
    api.refuseWrites = 403;
    api.comments = [];
    try {
      const run = await runWithPullRequest(api, workspace(['pass.yaml']));
      assert.equal(run.code, 0, run.stdout);
      const notice = run.annotations.find((a) => a.level === 'notice' && /pr-comment/.test(a.message));
      assert.ok(notice, JSON.stringify(run.annotations));
      assert.match(notice.message, /403/);
      assert.match(notice.message, /forks/);
      assert.match(notice.message, /read-only GITHUB_TOKEN/);
      assert.ok(!run.annotations.some((a) => a.level === 'error' || (a.level === 'warning' && /pr-comment/.test(a.message))));
      assert.equal(run.outputs.conclusion, 'success');
      assert.ok(!everyOutput(run).includes(TOKEN));
    } finally {
      api.refuseWrites = undefined;
    }
  });

  test('not a pull request: a notice, and no call to GitHub', async () => {
    api.hits.length = 0;
    const run = await runWithPullRequest(api, workspace(['pass.yaml']), { ref: 'refs/heads/main' });
    assert.equal(run.code, 0);
    assert.ok(run.annotations.some((a) => a.level === 'notice' && /not for a pull request/.test(a.message)));
    assert.equal(api.hits.length, 0);
  });
});
