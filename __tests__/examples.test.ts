// The README's examples work when pasted: the workflows set only inputs that exist, the README shows the
// workflow files as they are, and its scenario and flow examples load without a problem.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { glob } from 'tinyglobby';
import { NODE_FIELDS } from '../src/domain/flow.ts';
import { parseFlowFile } from '../src/flow/load.ts';
import { parseScenarioFile } from '../src/scenario/load.ts';
import { ROOT } from './helpers/action.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const inputs = new Set(Object.keys((load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs));
const workflowDir = path.join(ROOT, 'examples', 'workflows');
const workflows = readdirSync(workflowDir).filter((f) => f.endsWith('.yml'));

/** Code blocks of the README, with a list item's indentation removed. */
function yamlBlocks(): string[] {
  return [...readme.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)].map((m) =>
    m[2]!
      .split('\n')
      .map((l) => l.slice(m[1]!.length))
      .join('\n'),
  );
}

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** A whole workflow, or a fragment of steps (indented as inside a job): both as a workflow. */
function parseSnippet(block: string): unknown {
  const lines = block.split('\n').filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  const value = load(lines.map((l) => l.slice(indent)).join('\n'));
  return Array.isArray(value) ? { jobs: { snippet: { steps: value } } } : value;
}

function ourSteps(workflow: unknown): Step[] {
  const jobs = Object.values((workflow as { jobs?: Record<string, { steps?: Step[] }> }).jobs ?? {});
  return jobs.flatMap((j) => j.steps ?? []).filter((s) => s.uses?.startsWith('cxone-flow-test/cxone-flow-test@'));
}

describe('examples', () => {
  test('every example workflow uses the action with inputs that exist', () => {
    assert.ok(workflows.length >= 4);
    for (const file of workflows) {
      const steps = ourSteps(load(readFileSync(path.join(workflowDir, file), 'utf8')));
      assert.ok(steps.length >= 1, `${file} uses the action`);
      for (const step of steps)
        for (const key of Object.keys(step.with ?? {})) assert.ok(inputs.has(key), `${file}: '${key}' is not an input`);
    }
  });

  test('the README shows the workflow files as they are, and its snippets set only real inputs', () => {
    const blocks = yamlBlocks();
    for (const file of workflows.filter((f) => f !== 'fork-safe-emulator.yml')) {
      const text = readFileSync(path.join(workflowDir, file), 'utf8');
      assert.ok(blocks.includes(text), `README shows examples/workflows/${file}`);
    }
    const snippets = blocks.filter((b) => b.includes('uses: cxone-flow-test/'));
    assert.ok(snippets.length >= 4);
    for (const block of snippets) {
      const steps = ourSteps(parseSnippet(block));
      assert.ok(steps.length >= 1, block);
      for (const step of steps)
        for (const key of Object.keys(step.with ?? {})) assert.ok(inputs.has(key), `README snippet sets unknown input '${key}'`);
    }
  });

  test("the README's scenario and flow examples load without a problem", () => {
    const blocks = yamlBlocks();
    const scenario = blocks.find((b) => b.includes('scenarios:') && b.includes('expect:'))!;
    const parsed = parseScenarioFile(scenario, 'README.md');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.scenarios.length, 2);
    const flow = blocks.find((b) => b.startsWith('id: ') && b.includes('nodes:'))!;
    const result = parseFlowFile(flow, 'README.md');
    assert.deepEqual(result.problems, []);
    const types = new Set(Object.values(result.flow!.nodes).map((n) => n.type));
    assert.deepEqual([...types].sort(), Object.keys(NODE_FIELDS).sort(), 'an example of every node type');
  });

  test('the Studio workflow runs on pushes to the stage folders, with flows that match the Studio example', async () => {
    interface Job {
      strategy?: { matrix?: { stage?: string[] } };
      steps: (Step & { if?: string })[];
    }
    const workflow = load(readFileSync(path.join(workflowDir, 'studio.yml'), 'utf8')) as {
      on: { push: { branches: string[]; paths: string[] } };
      jobs: Record<string, Job>;
    };
    // Studio commits to main only (README, Studio scripts): a pull_request trigger would never fire.
    assert.deepEqual(Object.keys(workflow.on).sort(), ['push', 'workflow_dispatch']);
    assert.deepEqual(workflow.on.push.branches, ['main']);
    const stages = workflow.jobs.promoted!.strategy!.matrix!.stage!;
    assert.deepEqual(workflow.on.push.paths, ['Development/main/**', ...stages.map((s) => `${s}/**`), 'cxone-tests/**']);
    const development = ourSteps({ jobs: { development: workflow.jobs.development } })[0]!;
    assert.equal(development.with?.target, 'emulator');
    const studio = path.join(ROOT, 'examples', 'studio');
    const scripts = await glob(String(development.with?.flows), { cwd: studio });
    assert.deepEqual(scripts.sort(), ['Development/main/Main IVR.json', 'Development/main/Verify Caller.json']);
    assert.ok(readdirSync(path.join(studio, 'cxone-tests')).length >= 1, 'scenarios where the default scenarios glob finds them');
    const promoted = ourSteps({ jobs: { promoted: workflow.jobs.promoted } })[0]! as Step & { if?: string };
    assert.equal(promoted.with?.flows, `\${{ matrix.stage }}/**/*.json`);
    assert.match(String(promoted.with?.['artifact-name']), /\$\{\{ matrix.stage \}\}/, 'one artifact name per matrix job');
    assert.match(String(promoted.if), /^hashFiles\(format\('\{0\}\/\*\*\/\*\.json', matrix\.stage\)\) != ''/);
  });
});
