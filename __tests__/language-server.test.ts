// What an editor shows for the shipped JSON Schemas: the real yaml-language-server (the server of VS Code's
// YAML extension), run headless over stdio, opens files whose first line is the README's
// `# yaml-language-server: $schema=…` and publishes its diagnostics. A typo must be reported as the
// unknown key it is, on its own line, not as "Incorrect type" for a shape the value was never meant to have.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { ROOT } from './helpers/action.ts';
import { LspClient, type Diagnostic } from './helpers/lsp.ts';

const SERVER = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const SCENARIO_SCHEMA = pathToFileURL(path.join(ROOT, 'schemas', 'scenario.schema.json')).href;
const FLOW_SCHEMA = pathToFileURL(path.join(ROOT, 'schemas', 'flow.schema.json')).href;

// No schema store: the catalog is fetched from the network, and only the modeline's schema is under test.
const YAML_SETTINGS = { validate: true, hover: true, completion: true, schemas: {}, schemaStore: { enable: false } };

interface TypoCase {
  name: string;
  schema: string;
  body: string[];
  /** The wrong key, which must be named and underlined. */
  key: string;
  /** The key it stands for, which the server must offer among its quick fixes. */
  meant: string;
}

const typos: TypoCase[] = [
  {
    name: 'operator typo in a variable matcher (flow map)',
    schema: SCENARIO_SCHEMA,
    key: 'gtee',
    meant: 'gte',
    body: ['flow: f1', 'scenarios:', '  - name: a', '    expect:', '      variables:', '        attempt_count: { gtee: 0 }'],
  },
  {
    name: 'operator typo in a variable matcher (block map)',
    schema: SCENARIO_SCHEMA,
    key: 'gtee',
    meant: 'gte',
    body: ['flow: f1', 'scenarios:', '  - name: a', '    expect:', '      variables:', '        attempt_count:', '          gtee: 0'],
  },
  {
    name: 'matcher typo in variablesAt',
    schema: SCENARIO_SCHEMA,
    key: 'equal',
    meant: 'equals',
    body: [
      'flow: f1',
      'scenarios:',
      '  - name: a',
      '    expect:',
      '      variablesAt:',
      '        node_menu:',
      '          selected_option: { equal: "2" }',
    ],
  },
  {
    name: 'operator typo in a map-form path (flow map)',
    schema: SCENARIO_SCHEMA,
    key: 'startWith',
    meant: 'startsWith',
    body: ['flow: f1', 'scenarios:', '  - name: a', '    expect:', '      path: { startWith: [node_start] }'],
  },
  {
    name: 'operator typo in a map-form path (block map)',
    schema: SCENARIO_SCHEMA,
    key: 'endWith',
    meant: 'endsWith',
    body: ['flow: f1', 'scenarios:', '  - name: a', '    expect:', '      path:', '        endWith: [node_exit]'],
  },
  {
    name: 'input key typo',
    schema: SCENARIO_SCHEMA,
    key: 'dtfm',
    meant: 'dtmf',
    body: ['flow: f1', 'scenarios:', '  - name: a', '    input: { dtfm: "2" }'],
  },
  {
    name: 'loops typo in expect',
    schema: SCENARIO_SCHEMA,
    key: 'loop',
    meant: 'loops',
    body: ['flow: f1', 'scenarios:', '  - name: a', '    expect:', '      loop: true'],
  },
  {
    name: 'key typo in a flow node',
    schema: FLOW_SCHEMA,
    key: 'optoins',
    meant: 'options',
    body: [
      'id: f1',
      'start: a',
      'nodes:',
      '  a: { type: Start, next: g }',
      '  g:',
      '    type: GatherInput',
      '    optoins: { "1": b }',
      '  b: { type: Exit }',
    ],
  },
];

const cleanScenario = [
  'flow: f1',
  'input: { dtmf: "1" }',
  'scenarios:',
  '  - name: exact path and scalar values',
  '    expect:',
  '      path: [node_start, "...", node_exit]',
  '      exit: node_exit',
  '      variables: { selected_option: "1", attempt_count: 0, done: true, missing: null }',
  '  - name: path pattern and matchers',
  '    input: { speech: billing }',
  '    expect:',
  '      path: { startsWith: [node_start], excludes: [node_x] }',
  '      variables:',
  '        attempt_count: { gte: 0, lt: 3 }',
  '        tags: { equals: [a, b] }',
  '      variablesAt:',
  '        node_menu: { selected_option: { oneOf: ["1", "2"] } }',
  '      loops: false',
];

/** A file under test: the README's modeline on the first line, then the body. */
function document(schema: string, body: readonly string[]): string {
  return [`# yaml-language-server: $schema=${schema}`, ...body, ''].join('\n');
}

describe('yaml-language-server on the shipped schemas (what editors show)', { timeout: 120_000 }, () => {
  let server: LspClient;
  let dir: string;
  let opened = 0;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cxft-lsp-'));
    server = new LspClient(process.execPath, [SERVER, '--stdio'], (method, params) => {
      if (method !== 'workspace/configuration') return null;
      return (params.items as { section?: string }[]).map((item) => (item.section === 'yaml' ? YAML_SETTINGS : null));
    });
    await server.initialize(dir);
    server.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
  });

  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Each document gets its own file: the server resolves a relative modeline from the document's URI. */
  async function diagnose(text: string, file = path.join(dir, `doc-${++opened}.yaml`)): Promise<Diagnostic[]> {
    writeFileSync(file, text);
    return server.diagnose(pathToFileURL(file).href, text);
  }

  for (const c of typos) {
    test(`${c.name}: 'Property ${c.key} is not allowed' on the key's line, with '${c.meant}' among the fixes`, async () => {
      const text = document(c.schema, c.body);
      const lines = text.split('\n');
      const line = lines.findIndex((l) => new RegExp(`\\b${c.key}:`).test(l));
      assert.ok(line > 0, 'the case holds its key');
      const diagnostics = await diagnose(text);
      const shown = JSON.stringify(diagnostics.map((d) => [d.range.start.line, d.message]));
      const named = diagnostics.filter((d) => d.message === `Property ${c.key} is not allowed.`);
      assert.equal(named.length, 1, shown);
      const { start, end } = named[0]!.range;
      assert.equal(start.line, line, shown);
      assert.equal(lines[line]!.slice(start.character, end.character), c.key, 'the key itself is underlined');
      assert.ok(named[0]!.data?.properties?.includes(c.meant), `quick fixes: ${JSON.stringify(named[0]!.data)}`);
      assert.deepEqual(
        diagnostics.filter((d) => /Incorrect type/.test(d.message)),
        [],
        shown,
      );
    });
  }

  test('a wrong node type gets the list of node types once, not also a "must be" for the nearest branches', async () => {
    const text = document(FLOW_SCHEMA, ['id: f1', 'start: a', 'nodes:', '  a: { type: Strat, next: b }', '  b: { type: Exit }']);
    const diagnostics = await diagnose(text);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0]!.range.start.line, 4);
    assert.match(diagnostics[0]!.message, /Valid values: "Start", "GatherInput", "SetVariable", "Condition", "Route", "Play", "Exit"/);
  });

  test('a value of no accepted shape names every shape: a path that is a string', async () => {
    const text = document(SCENARIO_SCHEMA, ['flow: f1', 'scenarios:', '  - name: a', '    expect:', '      path: node_start']);
    const diagnostics = await diagnose(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.message]),
      [[5, 'Incorrect type. Expected one of array, object.']],
    );
  });

  test('a clean scenario file using every shape (list and map path, scalars and matchers) has no diagnostics', async () => {
    assert.deepEqual(await diagnose(document(SCENARIO_SCHEMA, cleanScenario)), []);
  });

  test('the example scenario and flow files, with their relative modelines, have no diagnostics', async () => {
    const files = await glob(['examples/**/scenarios/*.yaml', 'examples/**/flows/*.yaml'], { cwd: ROOT, absolute: true });
    assert.ok(files.length >= 8, files.join(', '));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^# yaml-language-server: \$schema=\.\.\//, file);
      // Opened where it lies, read-only: the relative modeline resolves against the real file.
      const diagnostics = await server.diagnose(pathToFileURL(file).href, text);
      assert.deepEqual(diagnostics, [], file);
    }
  });
});
