// The boundary of the pure core, held by a test: only the edge modules named below load the file
// system, the network, child processes, @actions/* or the glob library; no module but the few below
// runs code when it is imported; and the pure stages reach no edge module even through another module.
// docs/architecture.md shows the same lists (checked below; UPDATE_GOLDEN=1 rewrites its block).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { globSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isPureCall, normalize, PURE_CALLS, reachesOutside } from './helpers/boundary-rules.ts';
import { scanModule } from './helpers/module-scan.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The edge modules, each with what it may load and why. */
const EDGE_MODULES: Record<string, { may: string[]; why: string }> = {
  'src/workflow-commands.ts': {
    may: ['node:fs', 'node:fs/promises'],
    why: "the action's side of the runner: inputs, workflow commands, and the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files",
  },
  'src/cli/init.ts': { may: ['node:fs'], why: '`init` writes the starter files' },
  'src/cli/pull.ts': { may: ['node:fs'], why: '`pull` writes the script it read, inside the current directory' },
  'src/cli/out-files.ts': {
    may: ['node:fs'],
    why: 'where `pull` and `generate` write: inside the current directory, never through a link, replaced by a rename',
  },
  'src/cli/generate.ts': {
    may: ['node:fs'],
    why: '`generate` writes the scenario files, inside the current directory, over none it did not write',
  },
  'src/match-files.ts': {
    may: ['node:fs', 'node:fs/promises', 'tinyglobby'],
    why: "the one matcher and reader of the workspace's files (scenarios, flows, shard reports)",
  },
  'src/report/files.ts': { may: ['node:fs/promises'], why: 'writes the report files' },
  'src/update/apply.ts': {
    may: ['node:fs/promises'],
    why: '`run --update` finds the real path of each scenario file it rewrites, inside the workspace',
  },
  'src/report/publish.ts': { may: ['@actions/artifact'], why: 'the artifact upload (loaded only for one)' },
  'src/report/pr-comment-publish.ts': { may: ['@actions/github'], why: 'posts the pull-request comment (Octokit loaded only for one)' },
  'src/api/transport.ts': { may: ['node:http', 'node:https'], why: "the API client's only HTTP" },
  'src/git.ts': {
    may: ['node:child_process'],
    why: 'compare-to reads the flow files of a commit out of git (ls-tree, cat-file): execFile with no shell, bounded output and time',
  },
  'src/api/agents.ts': {
    may: ['node:http', 'node:https', '@actions/http-client/lib/proxy', 'tunnel'],
    why: "the client's sockets: keep-alive, through the proxy the runner names (the toolkit's rules; tunnel only when one applies)",
  },
  'src/api/errors.ts': { may: ['node:http'], why: "STATUS_CODES only, a status's reason phrase for messages: no I/O" },
  'src/emulator/server.ts': { may: ['node:http'], why: "the emulator's HTTP server" },
};

/** Modules that run code at import, each with the calls it may make then (`statement`: a bare statement) and why. */
const IMPORT_TIME_WORK: Record<string, { calls: string[]; why: string }> = {
  'src/index.ts': { calls: ['statement'], why: "the action's entry: runs main()" },
  'src/cli/bin.ts': { calls: ['statement'], why: "the CLI's entry: runs main()" },
  'src/cli/node-version.ts': {
    calls: ['tooOldNode', 'statement'],
    why: 'refuses a Node too old before the rest of the CLI loads (bin.ts imports it first)',
  },
  'src/flow/schema.ts': {
    calls: ['byNodeType', 'nodeSchema', 'name', 'refMap', 'whenOp'],
    why: 'assembles the flow schema object from small helpers: plain data',
  },
  'src/scenario/schema.ts': {
    calls: ['mapOr', 'nodeIdList', 'loopCount'],
    why: 'assembles the scenario schema object from small helpers: plain data',
  },
  'src/report/model.ts': { calls: ['keysOf', 'keysOf()'], why: "the report's key lists, typed against the model: plain data" },
  'src/report/shard-check.ts': {
    calls: ['expect', 'map', 'oneOf', 'list', 'optional', 'tagged', 'finding'],
    why: "builds the shard report's shape checker from combinators: closures, nothing runs",
  },
  'src/yaml/parse.ts': {
    calls: ['CORE_SCHEMA.withTags'],
    why: "js-yaml's core schema plus the merge tag: a table of tag constructors, about 0.1 ms",
  },
};

/** Stages that must stay pure through and through: none of them reaches an edge module, even through another module. */
const PURE_STAGES = [
  'src/domain/',
  'src/analysis/',
  'src/simulation/',
  'src/yaml/',
  'src/emulator/',
  'src/flow/',
  'src/scenario/',
  'src/report/',
  'src/snippet/',
  'src/validation/',
  'src/generate/',
];
/** Modules of those stages that use an edge module on purpose. */
const LOADERS: Record<string, string> = {
  'src/scenario/load.ts': 'reads scenario files through match-files.ts',
  'src/flow/load.ts': 'reads flow files through match-files.ts',
  'src/report/merge.ts': 'reads shard reports through match-files.ts',
};

const modules = globSync('src/**/*.ts', { cwd: ROOT })
  .map((f) => f.split(path.sep).join('/'))
  .sort();
const scanned = new Map(modules.map((file) => [file, scanModule(readFileSync(path.join(ROOT, file), 'utf8'))] as const));

const isEdge = (file: string) => file in EDGE_MODULES;
const WORK_WORDS: Record<string, string> = {
  statement: 'a statement runs at import',
  enum: 'an enum runs its members at import (use a const object)',
  namespace: 'a namespace runs its body at import (use a module)',
};

describe('the boundary: only the edge modules touch the outside world', () => {
  test('src/ has the modules this test reads', () => {
    assert.ok(modules.length > 50 && modules.includes('src/main.ts'), `found ${modules.length} modules under src/`);
  });

  test('only the edge modules load the file system, the network, child processes, @actions/* or tinyglobby', () => {
    const offences: string[] = [];
    for (const [file, { imports }] of scanned) {
      for (const use of imports.filter(reachesOutside)) {
        if (EDGE_MODULES[file]?.may.includes(normalize(use.specifier))) continue;
        offences.push(`${file}:${use.line}: ${use.how === 'import' ? 'imports' : `loads (${use.how})`} '${use.specifier}'`);
      }
    }
    assert.deepEqual(
      offences,
      [],
      `${offences.join('\n')}\nOnly the edge modules may (EDGE_MODULES in __tests__/boundary.test.ts): pass the effect in as a parameter, ` +
        'move the call into an edge module, or add the module there with a reason. A type used alone comes in with `import type` (`import { type X }` still loads the module). ' +
        'A specifier the code makes (`<computed: …>`) may load anything: name the module in a string.',
    );
  });

  test('every edge module still needs what the list lets it load', () => {
    const stale: string[] = [];
    for (const [file, { may }] of Object.entries(EDGE_MODULES)) {
      const used = new Set((scanned.get(file)?.imports ?? []).filter(reachesOutside).map((u) => normalize(u.specifier)));
      for (const specifier of may.filter((s) => !used.has(s))) stale.push(`${file} no longer loads '${specifier}'`);
    }
    assert.deepEqual(stale, [], `${stale.join('\n')}\nRemove it from EDGE_MODULES (and docs/architecture.md: UPDATE_GOLDEN=1).`);
  });

  test('no module runs code at import (compiles a schema, reads a file) outside the named list', () => {
    const offences: string[] = [];
    for (const [file, { work }] of scanned) {
      for (const w of work) {
        if (isPureCall(w.what) || IMPORT_TIME_WORK[file]?.calls.includes(w.what)) continue;
        offences.push(`${file}:${w.line}: ${WORK_WORDS[w.what] ?? `calls ${w.what} at import`}: ${w.source}`);
      }
    }
    assert.deepEqual(
      offences,
      [],
      `${offences.join('\n')}\nDo it in a function, on first use (see flow/schema-check.ts), or add the call to IMPORT_TIME_WORK with a reason.`,
    );
  });

  test('every module that may run code at import still does', () => {
    const stale: string[] = [];
    for (const [file, { calls }] of Object.entries(IMPORT_TIME_WORK)) {
      const made = new Set((scanned.get(file)?.work ?? []).map((w) => w.what));
      for (const call of calls.filter((c) => !made.has(c))) stale.push(`${file} no longer runs ${call} at import`);
    }
    assert.deepEqual(stale, [], `${stale.join('\n')}\nRemove it from IMPORT_TIME_WORK (and docs/architecture.md: UPDATE_GOLDEN=1).`);
  });

  test('the pure stages reach no edge module, even through another module', () => {
    const reach = (file: string, seen: Set<string>): Set<string> => {
      for (const use of scanned.get(file)?.imports ?? []) {
        if (use.typeOnly || !use.specifier.startsWith('.')) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), use.specifier));
        if (!seen.has(target)) reach(target, seen.add(target));
      }
      return seen;
    };
    const offences: string[] = [];
    for (const file of modules.filter((f) => PURE_STAGES.some((stage) => f.startsWith(stage)) && !isEdge(f) && !(f in LOADERS))) {
      const edges = [...reach(file, new Set())].filter((f) => isEdge(f) || f in LOADERS);
      if (edges.length > 0) offences.push(`${file} reaches ${edges.join(', ')}`);
    }
    assert.deepEqual(
      offences,
      [],
      `${offences.join('\n')}\nA pure stage takes what it needs as parameters; the shell (run.ts, main.ts, cli/) wires the edges in.`,
    );
  });

  test('every loader is still one', () => {
    const stale = Object.keys(LOADERS).filter((f) => !scanned.has(f));
    assert.deepEqual(stale, [], 'a loader in LOADERS is gone: remove it');
  });

  test('docs/architecture.md shows the same lists', () => {
    const file = path.join(ROOT, 'docs/architecture.md');
    const text = readFileSync(file, 'utf8');
    const [start, end] = ['<!-- boundary:start (written by __tests__/boundary.test.ts) -->\n', '<!-- boundary:end -->'];
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    assert.ok(from >= 0 && to > from, `docs/architecture.md has no block between ${start.trim()} and ${end}`);
    const block = renderAllowlist();
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, text.slice(0, from + start.length) + block + text.slice(to));
    else
      assert.equal(
        text.slice(from + start.length, to),
        block,
        'docs/architecture.md differs from the lists in __tests__/boundary.test.ts: rerun with UPDATE_GOLDEN=1',
      );
  });
});

/** The lists as docs/architecture.md shows them. */
function renderAllowlist(): string {
  const code = (s: string) => `\`${s}\``;
  const rows = (entries: [string, string, string][]) =>
    entries.map(([a, b, c]) => `| ${code(a.replace(/^src\//, ''))} | ${b} | ${c.replace(/\|/g, '\\|')} |`).join('\n');
  return [
    'Edge modules (paths under `src/`), the only ones that load the file system, the network, `@actions/*` or `tinyglobby`:',
    '',
    '| Module | May load | Why |',
    '| --- | --- | --- |',
    rows(Object.entries(EDGE_MODULES).map(([f, e]) => [f, e.may.map(code).join(', '), e.why])),
    '',
    'Loaders, the modules of a pure stage that use an edge module on purpose:',
    '',
    '| Module | Why |',
    '| --- | --- |',
    Object.entries(LOADERS)
      .map(([f, why]) => `| ${code(f.replace(/^src\//, ''))} | ${why} |`)
      .join('\n'),
    '',
    `Modules that run code when imported (beyond ${[...PURE_CALLS].slice(0, 4).map(code).join(', ')} and such builtins):`,
    '',
    '| Module | Calls | Why |',
    '| --- | --- | --- |',
    rows(Object.entries(IMPORT_TIME_WORK).map(([f, w]) => [f, w.calls.map(code).join(', '), w.why])),
    '',
  ].join('\n');
}
