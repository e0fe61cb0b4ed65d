// A Studio script goes through what a YAML flow goes through: static checks, coverage, charts, the
// emulator's flow map (by id or alias), over real HTTP on loopback.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkFlowGraph } from '../../src/analysis/graph.ts';
import { computeCoverage } from '../../src/analysis/coverage.ts';
import { isStudioScript, type LoadedFlow } from '../../src/domain/flow.ts';
import type { StudioScript } from '../../src/domain/studio.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import { parseLoadedFlowFile } from '../../src/flow/load.ts';
import { renderPathChart } from '../../src/report/mermaid.ts';
import type { ScenarioReport } from '../../src/report/model.ts';
import { describeFinding } from '../../src/report/wording.ts';
import { FIXTURES } from '../helpers/action.ts';

const FIXTURE_TEXT = readFileSync(path.join(FIXTURES, 'studio/main-ivr.json'), 'utf8');
const FILE = 'Sales/Main IVR.json';
type Script = Record<string, any>;

function load(edit: (s: Script) => void = () => {}): { script: StudioScript; text: string } {
  const s = JSON.parse(FIXTURE_TEXT) as Script;
  edit(s);
  const text = JSON.stringify(s, null, 2);
  const { flow } = parseLoadedFlowFile(text, FILE);
  assert.ok(flow && isStudioScript(flow), 'the script loads');
  return { script: flow, text };
}

function action(id: number, name: string, label: string): Script {
  return { actionId: id, libraryId: '', name, version: 1, label, x: 0, y: 0 };
}

describe('static checks on a Studio script', () => {
  test('the fixture has none: HANGUP ends the call, and the hold loop after REQAGENT waits for an agent', () => {
    assert.deepEqual(checkFlowGraph(load().script), []);
  });

  const cases: {
    name: string;
    edit: (s: Script) => void;
    code: string;
    node: string;
    words: string[];
    severity?: string;
    /** Where the finding is, when not on the action's line. */
    line?: (script: StudioScript) => number | undefined;
  }[] = [
    {
      name: 'an action with no connector that does not end the call: a dead end',
      edit: (s) => delete s.branches['9'],
      code: 'FLOW_DEAD_END',
      node: 'Goodbye',
      words: ["'Goodbye' is a PLAY with no next node"],
    },
    {
      name: 'a hold loop no agent request leads to: a trap cycle',
      edit: (s) => (s.actions['6'].name = 'ASSIGN'),
      code: 'FLOW_TRAP_CYCLE',
      node: 'Hold Music',
      words: ['Hold Music', 'Hold Wait'],
    },
    {
      name: 'an action nothing leads to: unreachable',
      edit: (s) => {
        s.actions['11'] = action(11, 'PLAY', 'Orphan');
        s.branches['11'] = [{ to: 10, label: '', type: 'default', index: 0 }];
      },
      code: 'FLOW_UNREACHABLE',
      node: 'Orphan',
      words: ["'Orphan' cannot be reached from start 'Begin'"],
      severity: 'warning',
    },
    {
      name: 'a connector to a missing action',
      edit: (s) => (s.branches['3'][0].to = 42),
      code: 'FLOW_REFERENCE',
      node: 'Main Menu',
      words: ["Main Menu: 'case 1' goes to '#42'"],
      // On the connector that names the missing action, as its load problem is.
      line: (script) => script.nodes['Main Menu']?.connectors[0]?.line,
    },
    {
      name: 'an action the emulator does not execute: a warning that says how to mock it',
      edit: (s) => (s.actions['5'].name = 'HOURS'),
      code: 'FLOW_UNEXECUTED_ACTION',
      node: 'Set Support',
      words: ["'Set Support' is a HOURS action", "mocks: { 'Set Support': { branch: … } }"],
      severity: 'warning',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { script } = load(c.edit);
      const findings = checkFlowGraph(script).filter((f) => f.code === c.code);
      assert.equal(findings.length, 1, JSON.stringify(checkFlowGraph(script)));
      const [f] = findings as [(typeof findings)[number]];
      assert.equal(f.node, c.node);
      assert.equal(f.file, FILE);
      const line = c.line?.(script) ?? script.source.nodeLines[c.node];
      assert.ok(line !== undefined && line > 1);
      assert.equal(f.line, line, 'on its line in the JSON file');
      assert.equal(f.flow_id, 'Main IVR');
      assert.equal(f.severity, c.severity ?? 'error');
      const words = describeFinding(f);
      for (const w of c.words) assert.ok(words.includes(w), `"${words}" says ${w}`);
    });
  }
});

describe('coverage of a Studio script counts actions and connectors', () => {
  const entry = (nodeId: string, type: string, branch?: string): TraceEntry => ({
    nodeId,
    type,
    timestamp: 0,
    ...(branch ? { branch } : {}),
  });
  const salesPath = ['Begin', 'Welcome', 'Main Menu', 'Set Sales', 'Queue', 'Hold Music', 'Hold Wait', 'Hold Music'];
  const trace = [
    entry('Begin', 'BEGIN', 'Default'),
    entry('Welcome', 'PLAY', 'Default'),
    entry('Main Menu', 'MENU', 'case 1'),
    entry('Set Sales', 'ASSIGN', 'Default'),
    entry('Queue', 'REQAGENT', 'Default'),
    entry('Hold Music', 'MUSIC', 'Default'),
    entry('Hold Wait', 'WAIT', 'Default'),
    entry('Hold Music', 'MUSIC'),
  ];

  test('a run named by alias (backslashes, as Studio writes folders) counts for the script', () => {
    const { script } = load();
    const [c] = computeCoverage([script], [{ flowId: 'Sales\\Main IVR', path: salesPath, trace }]);
    assert.equal(c?.flow_id, 'Main IVR');
    assert.equal(c?.file, FILE);
    assert.deepEqual(c?.nodes, { visited: 7, total: 10, percent: 70 });
    assert.deepEqual(c?.unvisited_nodes, ['Set Support', 'Goodbye', 'HANGUP#10']);
    assert.equal(c?.edges.total, 11);
    assert.equal(c?.edges.visited, 7);
    const menu = c?.unvisited_branches.filter((b) => b.from === 'Main Menu');
    assert.deepEqual(menu, [
      { from: 'Main Menu', to: 'Set Support', label: 'case 2', line: script.source.nodeLines['Main Menu'] },
      { from: 'Main Menu', to: 'Goodbye', label: 'Default', line: script.source.nodeLines['Main Menu'] },
    ]);
  });

  test('the path chart of a run names actions by path name, with Mermaid-safe text', () => {
    const report = {
      execution_summary: { path: [...salesPath.slice(0, 3), 'Goodbye', 'HANGUP#10'], exit_node: 'HANGUP#10' },
    } as unknown as ScenarioReport;
    const chart = renderPathChart(report) ?? '';
    assert.match(chart, /n0\(\["Begin"\]\)/);
    assert.match(chart, /n2\["Main Menu"\]/);
    assert.match(chart, /n4\(\["HANGUP#35;10"\]\)/, 'the # of a path name is escaped, not read as Mermaid markup');
    assert.equal((chart.match(/-->/g) ?? []).length, 4);
  });
});

describe('the emulator finds a Studio script by id or alias (HTTP over loopback)', () => {
  const CLIENT = { clientId: 'studio-client', clientSecret: 'studio-secret' };
  async function withServer(run: (url: string, token: string) => Promise<void>): Promise<void> {
    const yaml = parseLoadedFlowFile(
      'id: hello\nstart: s\nnodes:\n  s: { type: Start, next: e }\n  e: { type: Exit }\n',
      'hello.yaml',
    ).flow;
    const flows: LoadedFlow[] = [load().script, yaml!];
    const emu = await startEmulator({ flows, credentials: CLIENT });
    try {
      const res = await fetch(`${emu.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }),
      });
      assert.equal(res.status, 200);
      await run(emu.url, ((await res.json()) as { access_token: string }).access_token);
    } finally {
      await emu.close();
    }
  }
  const debug = (url: string, token: string, flowId: string) =>
    fetch(`${url}/api/v2/flows/debug`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ flowId, input: { dtmf: '1', speech: '' }, options: { trace: true, includeVariables: true, maxLoops: 50 } }),
    });

  for (const name of ['Main IVR', 'Sales/Main IVR', 'Sales\\Main IVR', '46100']) {
    test(`a debug run naming '${name}' reaches the script`, async () => {
      await withServer(async (url, token) => {
        const res = await debug(url, token, name);
        const body = (await res.json()) as { path: string[]; exitNode: string | null; trace: { target?: string }[] };
        assert.equal(res.status, 200);
        assert.deepEqual(body.path, ['Begin', 'Welcome', 'Main Menu', 'Set Sales', 'Queue']);
        assert.equal(body.exitNode, 'Queue');
        assert.ok(body.trace.at(-1)?.target, 'the route names its skill');
      });
    });
  }

  test('a flow read by alias answers the script; an unknown name is a 404; YAML flows run as before', async () => {
    await withServer(async (url, token) => {
      const read = await fetch(`${url}/api/v2/flows/${encodeURIComponent('46100')}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(read.status, 200);
      const body = (await read.json()) as { id: string; start: string; nodes: Record<string, unknown> };
      assert.equal(body.id, 'Main IVR');
      assert.equal(body.start, 'Begin');
      assert.equal(Object.keys(body.nodes).length, 10);
      assert.equal((await debug(url, token, 'Sales/Main')).status, 404);
      const hello = await debug(url, token, 'hello');
      assert.equal(hello.status, 200);
      assert.deepEqual(((await hello.json()) as { path: string[] }).path, ['s', 'e']);
    });
  });
});
