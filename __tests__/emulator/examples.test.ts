// The shipped examples run through the engine: good scenarios pass, the broken ones fail as documented.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeFlow } from '../../src/emulator/engine.ts';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import { loadFlows } from '../../src/flow/load.ts';
import { analyzeScenario } from '../../src/analysis/analyze.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { buildDebugRequest } from '../../src/simulation/runner.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import { createFlowLookup, isStudioScript, type FlowDefinition, type LoadedFlow } from '../../src/domain/flow.ts';
import type { StudioScript } from '../../src/domain/studio.ts';

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
  const lookup = createFlowLookup(flows);
  const studio = (name: string) => {
    const found = lookup(name);
    return found && isStudioScript(found) ? found : undefined;
  };
  for (const scenario of scenarios) {
    const flow = lookup(scenario.flow);
    assert.ok(flow, `${file}: flow ${scenario.flow} is loaded`);
    const request = buildDebugRequest(scenario, 50, true);
    const result = isStudioScript(flow) ? executeStudio(flow, request, studio) : executeFlow(flow as FlowDefinition, request);
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

  describe('the Studio example (examples/studio/)', async () => {
    const studio = await loadFlows({ workspace: ROOT, patterns: ['examples/studio/Development/main/*.json'] });
    const script = (id: string) => studio.flows.find((f): f is StudioScript => isStudioScript(f) && f.id === id)!;

    test('both scripts load; the one warning is the HOURS action the scenarios mock', () => {
      assert.deepEqual(studio.files, [
        'examples/studio/Development/main/Main IVR.json',
        'examples/studio/Development/main/Verify Caller.json',
      ]);
      assert.deepEqual(
        studio.problems.map((p) => [p.file, p.line, p.code]),
        [['examples/studio/Development/main/Main IVR.json', 69, 'FLOW_STUDIO_UNEXECUTED']],
      );
      assert.deepEqual(script('Main IVR').aliases, ['examples/studio/Development/main/Main IVR', '46100']);
    });

    test('every scenario passes, and together they take every action and connector of both scripts', async () => {
      const results = await runScenarioFile('examples/studio/cxone-tests/main-ivr.yaml', studio.flows);
      assert.ok(results.size >= 12);
      for (const [scenario, r] of results) assert.deepEqual(r.failed, [], `"${scenario}" path ${r.body.path.join(' > ')}`);
      // From the traces themselves, not from coverage: each action visited, each connector named as taken.
      const taken = new Set<string>();
      for (const r of results.values()) for (const t of r.body.trace) taken.add(`${t.nodeId} ${t.branch ?? ''}`);
      const paths = [...results.values()].map((r) => r.body.path);
      const visited = new Set([...taken].map((k) => k.slice(0, k.lastIndexOf(' '))));
      for (const [id, prefix] of [
        ['Main IVR', ''],
        ['Verify Caller', 'Verify Caller/'],
      ] as const) {
        for (const [name, action] of Object.entries(script(id).nodes)) {
          assert.ok(visited.has(prefix + name), `${id}: ${name} is visited`);
          // HOURS' Default is the fallback for profiles the script does not branch on: no scenario needs it.
          for (const c of action.connectors) {
            if (action.type === 'HOURS' && c.kind === 'default') continue;
            // RUNSUB's Default is taken when the sub-script returns: the step from its RETURN to the target.
            const took =
              action.type === 'RUNSUB'
                ? paths.some((p) => p.some((n, i) => n === c.to && p[i - 1]?.startsWith(`${action.properties.ScriptName}/`)))
                : taken.has(`${prefix}${name} ${c.label}`);
            assert.ok(took, `${id}: ${name} takes ${c.label}`);
          }
        }
      }
    });
  });
});
