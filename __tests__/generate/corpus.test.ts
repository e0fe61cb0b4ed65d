// The explorer on 200 random flows whose connectors are known by construction (__tests__/helpers/random-flows.ts):
// the generated suites take every connector some input can take, each suite loads back as a valid scenario
// file whose recorded expectations the engine reproduces, and every connector listed as unreachable is one
// no input can take.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeCoverage } from '../../src/analysis/coverage.ts';
import { flowEdges } from '../../src/domain/flow.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import { executeFlow } from '../../src/emulator/engine.ts';
import { exploreFlow } from '../../src/generate/explore.ts';
import { renderSuite, uniqueNames } from '../../src/generate/suite.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { edgeKey, randomFlow } from '../helpers/random-flows.ts';

const FLOWS = 200;

describe('generate: a corpus of random flows', () => {
  test('100% of the feasible connectors, and only infeasible ones listed as unreachable', () => {
    let feasibleTotal = 0;
    let infeasibleTotal = 0;
    const reasons = new Map<string, number>();
    for (let seed = 1; seed <= FLOWS; seed++) {
      const { flow, feasible, infeasible } = randomFlow(seed);
      const all = flowEdges(flow).map(edgeKey);
      assert.equal(all.length, feasible.size + infeasible.size, `seed ${seed}: every connector is classified`);
      feasibleTotal += feasible.size;
      infeasibleTotal += infeasible.size;
      const x = uniqueNames(exploreFlow(flow));
      for (const u of x.unreachable) {
        assert.ok(infeasible.has(edgeKey(u)), `seed ${seed}: ${edgeKey(u)} is listed (${u.reason.code}) but can be taken`);
        reasons.set(u.reason.code, (reasons.get(u.reason.code) ?? 0) + 1);
      }
      // The suite as written, read back by the scenario loader, then run: the path recorded is the path taken.
      const text = renderSuite(flow, x, { command: 'test' });
      const parsed = parseScenarioFile(text, `generated/random-${seed}.yaml`);
      assert.deepEqual(parsed.problems, [], `seed ${seed}: the suite loads`);
      assert.equal(parsed.scenarios.length, x.scenarios.length);
      const runs = parsed.scenarios.map((s) => {
        const result = executeFlow(flow, {
          flowId: flow.id,
          input: s.input,
          options: { trace: true, includeVariables: false, maxLoops: 50 },
          variables: s.variables,
          ...(s.mocks ? { mocks: s.mocks } : {}),
        });
        assert.equal(result.status, 200, `seed ${seed}: ${s.name}`);
        const body = result.body as DebugResponse;
        assert.deepEqual(body.path, s.expect.path, `seed ${seed}: ${s.name} takes its recorded path`);
        assert.equal(body.exitNode, s.expect.exit);
        return { flowId: flow.id, path: body.path, trace: body.trace };
      });
      const [cov] = computeCoverage([flow], runs);
      const missed = new Set((cov?.unvisited_branches ?? []).map(edgeKey));
      for (const key of feasible) assert.ok(!missed.has(key), `seed ${seed}: feasible ${key} is not taken by the suite`);
    }
    // The corpus exercises each kind of defect, and the explorer proves them by the flow's shape, not by giving up.
    for (const code of ['orphan', 'no_path', 'only_through_unreachable', 'option_too_long', 'shadowed', 'contradicted'])
      assert.ok((reasons.get(code) ?? 0) > 0, `some connector is unreachable for '${code}'`);
    assert.equal(reasons.get('not_reached') ?? 0, 0, 'every infeasible connector is proved so by the shape of its flow');
    assert.ok(feasibleTotal > 2000 && infeasibleTotal > 200, `${feasibleTotal} feasible, ${infeasibleTotal} infeasible`);
  });
});
