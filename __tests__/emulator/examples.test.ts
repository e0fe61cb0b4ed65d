// The shipped examples run through the engine: good scenarios pass, the broken ones fail as documented.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeFlow } from '../../src/emulator/engine.ts';
import { loadFlows } from '../../src/flow/load.ts';
import { analyzeScenario } from '../../src/analysis/analyze.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { buildDebugRequest } from '../../src/simulation/runner.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import { isStudioScript, type FlowDefinition, type LoadedFlow } from '../../src/domain/flow.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOOP_THRESHOLD = 3;

/**
 * Runs every scenario of a file through the engine and the real analysis (no second copy of the rules
 * here to drift from them); `failed` lists the finding codes.
 */
async function runScenarioFile(file: string, flows: LoadedFlow[]): Promise<Map<string, { body: DebugResponse; failed: string[] }>> {
  const text = await readFile(path.join(ROOT, file), 'utf8');
  assert.ok(text.startsWith('# yaml-language-server: $schema='), `${file} starts with the schema modeline`);
  const { scenarios, problems } = parseScenarioFile(text, file);
  assert.deepEqual(problems, [], `${file} loads without problems`);
  const results = new Map<string, { body: DebugResponse; failed: string[] }>();
  for (const scenario of scenarios) {
    const flow = flows.find((f): f is FlowDefinition => f.id === scenario.flow && !isStudioScript(f));
    assert.ok(flow, `${file}: flow ${scenario.flow} is loaded`);
    const result = executeFlow(flow, buildDebugRequest(scenario, 50));
    assert.equal(result.status, 200, `${file} "${scenario.name}": ${JSON.stringify(result.body)}`);
    const body = result.body as DebugResponse;
    const analysis = analyzeScenario(
      scenario,
      { kind: 'completed', response: body, attempts: 1, elapsedMs: 0 },
      { loopThreshold: LOOP_THRESHOLD },
    );
    results.set(scenario.name, { body, failed: analysis.findings.map((f) => f.code) });
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
    assert.deepEqual(
      Object.keys(flow?.nodes ?? {}).filter((n) => !visited.has(n)),
      [],
    );
    const branches = new Set([...results.values()].flatMap((r) => r.body.trace.map((t) => t.branch)));
    for (const b of ['option 1', 'option 2', 'option 3', 'intent billing', 'intent technical', 'intent agent', 'noMatch', 'noInput'])
      assert.ok(branches.has(b), b);
  });

  test('broken/routing-bug: option 2 takes the sales route, so its scenario fails on the path', async () => {
    const results = await runScenarioFile('examples/broken/scenarios/routing-bug.yaml', broken.flows);
    assert.deepEqual(results.get('Option 1 routes to sales')?.failed, []);
    const bug = results.get('Option 2 routes to support');
    assert.deepEqual(bug?.failed, ['PATH_MISMATCH']);
    assert.ok(bug?.body.path.includes('node_route_sales'));
  });

  test('broken/infinite-loop: a silent caller circles until maxLoops', async () => {
    const results = await runScenarioFile('examples/broken/scenarios/infinite-loop.yaml', broken.flows);
    assert.deepEqual(results.get('Pressing 1 reaches technical support')?.failed, []);
    const loop = results.get('Three silent attempts reach the operator');
    assert.deepEqual([...(loop?.failed ?? [])].sort(), ['EXIT_MISMATCH', 'LOOP_DETECTED', 'PATH_MISMATCH', 'VARIABLE_MISMATCH']);
    assert.equal(loop?.body.exitNode, null);
    assert.equal(loop?.body.trace.at(-1)?.status, 'MaxLoopsExceeded');
  });
});
