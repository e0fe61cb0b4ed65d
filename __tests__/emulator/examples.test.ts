// The shipped examples run through the engine: good scenarios pass, the broken ones fail as documented.
// A small local checker stands in for the analysis (SPEC 3 expectations: path, exit, variables, loops).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeFlow } from '../../src/emulator/engine.ts';
import { loadFlows } from '../../src/emulator/flow.ts';
import { parseYaml } from '../../src/yaml/parse.ts';
import type { DebugResponse } from '../../src/api/types.ts';
import type { FlowDefinition } from '../../src/emulator/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOOP_THRESHOLD = 3;

type Any = Record<string, any>;

function matchList(expected: string[], actual: string[]): boolean {
  const [head, ...rest] = expected;
  if (head === undefined) return actual.length === 0;
  if (head === '...') return actual.some((_, i) => matchList(rest, actual.slice(i))) || matchList(rest, []);
  return actual[0] === head && matchList(rest, actual.slice(1));
}

function isSubsequence(wanted: string[], actual: string[]): boolean {
  let i = 0;
  for (const node of actual) if (node === wanted[i]) i++;
  return i === wanted.length;
}

function checkPath(expected: unknown, actual: string[]): boolean {
  if (Array.isArray(expected)) return matchList(expected as string[], actual);
  const p = expected as Any;
  return (!p.startsWith || matchList([...p.startsWith, '...'], actual))
    && (!p.endsWith || matchList(['...', ...p.endsWith], actual))
    && (!p.contains || isSubsequence(p.contains, actual))
    && (!p.excludes || !p.excludes.some((n: string) => actual.includes(n)));
}

function checkValue(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  const m = expected as Any;
  const type = actual === null ? 'null' : Array.isArray(actual) ? 'array' : typeof actual;
  return ('equals' in m ? actual === m.equals : true)
    && (m.matches === undefined || (actual !== undefined && new RegExp(m.matches).test(String(actual))))
    && (m.oneOf === undefined || m.oneOf.includes(actual))
    && (m.gt === undefined || (actual as number) > m.gt) && (m.gte === undefined || (actual as number) >= m.gte)
    && (m.lt === undefined || (actual as number) < m.lt) && (m.lte === undefined || (actual as number) <= m.lte)
    && (m.exists === undefined || (actual !== undefined) === m.exists)
    && (m.type === undefined || type === m.type);
}

function checkVariables(expected: Any | undefined, actual: Any): string[] {
  return Object.entries(expected ?? {}).filter(([k, v]) => !checkValue(v, actual[k])).map(([k]) => k);
}

function hasLoop(p: string[]): boolean {
  const counts = new Map<string, number>();
  for (const n of p) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.values()].some((c) => c > LOOP_THRESHOLD);
}

/** The reasons a scenario fails against `body`; empty when it passes. */
function failures(expect: Any, body: DebugResponse): string[] {
  const out: string[] = [];
  if (expect.path !== undefined && !checkPath(expect.path, body.path)) out.push('path');
  if (expect.exit !== undefined && expect.exit !== body.exitNode) out.push('exit');
  out.push(...checkVariables(expect.variables, body.variables).map((k) => `variables.${k}`));
  for (const [node, vars] of Object.entries((expect.variablesAt ?? {}) as Any)) {
    const entry = body.trace.findLast((t) => t.nodeId === node);
    out.push(...checkVariables(vars, entry?.variables ?? {}).map((k) => `variablesAt.${node}.${k}`));
  }
  if (expect.maxDurationMs !== undefined && body.duration > expect.maxDurationMs) out.push('maxDurationMs');
  if (hasLoop(body.path) !== (expect.loops === true)) out.push('loops');
  return out;
}

async function runScenarioFile(file: string, flows: FlowDefinition[]): Promise<Map<string, { body: DebugResponse; failed: string[] }>> {
  const text = await readFile(path.join(ROOT, file), 'utf8');
  assert.ok(text.startsWith('# yaml-language-server: $schema='), `${file} starts with the schema modeline`);
  const doc = parseYaml(text, file).value as Any;
  const flow = flows.find((f) => f.id === doc.flow);
  assert.ok(flow, `${file}: flow ${doc.flow} is loaded`);
  const results = new Map<string, { body: DebugResponse; failed: string[] }>();
  for (const s of doc.scenarios as Any[]) {
    const result = executeFlow(flow, {
      flowId: flow.id,
      input: { dtmf: s.input?.dtmf ?? '', speech: s.input?.speech ?? '' },
      options: { trace: true, includeVariables: true, maxLoops: s.maxLoops ?? 50 },
      variables: { ...doc.variables, ...s.variables },
    });
    assert.equal(result.status, 200, `${file} "${s.name}": ${JSON.stringify(result.body)}`);
    const body = result.body as DebugResponse;
    results.set(s.name, { body, failed: failures(s.expect ?? {}, body) });
  }
  return results;
}

describe('examples', async () => {
  const good = await loadFlows({ workspace: ROOT, patterns: ['examples/flows/*.yaml'] });
  const broken = await loadFlows({ workspace: ROOT, patterns: ['examples/broken/flows/*.yaml'] });

  test('every example flow loads without problems', () => {
    assert.deepEqual(good.problems, []);
    assert.deepEqual(broken.problems, [], 'the broken flows are valid definitions: their bugs are behaviour');
    assert.deepEqual(good.files, ['examples/flows/after-hours.yaml', 'examples/flows/main-menu.yaml']);
    assert.equal(broken.flows.length, 2);
  });

  for (const name of ['main-menu', 'after-hours']) {
    test(`examples/scenarios/${name}.yaml all pass`, async () => {
      const results = await runScenarioFile(`examples/scenarios/${name}.yaml`, good.flows);
      assert.ok(results.size >= 5);
      for (const [scenario, r] of results) assert.deepEqual(r.failed, [], `"${scenario}" path ${r.body.path.join(' > ')}`);
    });
  }

  test('the main menu scenarios cover every node and every DTMF option', async () => {
    const results = await runScenarioFile('examples/scenarios/main-menu.yaml', good.flows);
    const visited = new Set([...results.values()].flatMap((r) => r.body.path));
    const flow = good.flows.find((f) => f.source?.file === 'examples/flows/main-menu.yaml');
    assert.deepEqual(Object.keys(flow?.nodes ?? {}).filter((n) => !visited.has(n)), []);
    const branches = new Set([...results.values()].flatMap((r) => r.body.trace.map((t) => t.branch)));
    for (const b of ['option 1', 'option 2', 'option 3', 'intent billing', 'intent technical', 'intent agent', 'noMatch', 'noInput']) assert.ok(branches.has(b), b);
  });

  test('broken/routing-bug: option 2 takes the sales route, so its scenario fails on the path', async () => {
    const results = await runScenarioFile('examples/broken/scenarios/routing-bug.yaml', broken.flows);
    assert.deepEqual(results.get('Option 1 routes to sales')?.failed, []);
    const bug = results.get('Option 2 routes to support');
    assert.deepEqual(bug?.failed, ['path']);
    assert.ok(bug?.body.path.includes('node_route_sales'));
  });

  test('broken/infinite-loop: a silent caller circles until maxLoops', async () => {
    const results = await runScenarioFile('examples/broken/scenarios/infinite-loop.yaml', broken.flows);
    assert.deepEqual(results.get('Pressing 1 reaches technical support')?.failed, []);
    const loop = results.get('Three silent attempts reach the operator');
    assert.deepEqual(loop?.failed, ['path', 'exit', 'variables.attempt_count', 'loops']);
    assert.equal(loop?.body.exitNode, null);
    assert.equal(loop?.body.trace.at(-1)?.status, 'MaxLoopsExceeded');
  });
});
