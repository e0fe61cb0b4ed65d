// One fuzz case of the loaders: a seed file, mutated, through parseScenarioFile and parseFlowFile, and
// what loaded through the rest of the pure pipeline (request → emulator engine → analysis).
// Every outcome is checked: problems carry the file and a real line, results are usable.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeScenario } from '../../../src/analysis/analyze.ts';
import type { DebugRequest } from '../../../src/domain/wire.ts';
import { executeFlow } from '../../../src/emulator/engine.ts';
import { flowEdges } from '../../../src/domain/flow.ts';
import { parseFlowFile } from '../../../src/flow/load.ts';
import type { FlowDefinition } from '../../../src/domain/flow.ts';
import { parseScenarioFile } from '../../../src/scenario/load.ts';
import { NO_LINE } from '../../../src/text.ts';
import type { Scenario } from '../../../src/domain/scenario.ts';
import type { Execution } from '../../../src/domain/execution.ts';
import { buildDebugRequest } from '../../../src/simulation/runner.ts';
import { mutate } from './mutate-yaml.ts';
import { caseRng } from './prng.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface SeedFile {
  file: string;
  text: string;
}

/** The real files the cases start from: examples and the end-to-end fixtures, scenarios and flows alike. */
export function readCorpus(): SeedFile[] {
  const dirs = [
    'examples/scenarios',
    'examples/flows',
    'examples/broken/scenarios',
    'examples/broken/flows',
    '__tests__/fixtures/e2e/scenarios',
    '__tests__/fixtures/e2e/flows',
    '__tests__/fixtures/e2e/broken-flows',
  ];
  const files: SeedFile[] = [];
  for (const dir of dirs) {
    for (const name of listYaml(join(REPO_ROOT, dir))) {
      const path = join(REPO_ROOT, dir, name);
      files.push({ file: relative(REPO_ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
    }
  }
  return files;
}

function listYaml(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    return [];
  }
}

export interface CaseOutcome {
  /** Loader calls made (two per text: scenario and flow). */
  cases: number;
  withProblems: number;
  loaded: number;
  scenarios: number;
  flows: number;
  ops: string[];
  text: string;
  file: string;
  /** Slowest loader call of this case, ms, including what ran on its result. */
  maxMs: number;
  failures: string[];
}

const FILE_NAMES = ['cxone-tests/fuzz.yaml', 'a b/ü ñ.yaml', 'x.yml', 'dir/sub/very-long-name-'.concat('z'.repeat(100), '.yaml'), ''];

/** Line breaks as the YAML layer counts them: a problem's line must exist (or be just past the end). */
function countLines(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (ch === 10 || ch === 13) lines++;
  }
  return lines;
}

interface ProblemLike {
  file: unknown;
  line: unknown;
  column?: unknown;
  code: unknown;
  key: unknown;
  message: unknown;
}

function checkProblem(p: ProblemLike, file: string, maxLine: number, where: string): string[] {
  const out: string[] = [];
  const show = (): string => JSON.stringify(p).slice(0, 300);
  if (p.file !== file) out.push(`${where}: problem without its file ${JSON.stringify(file)}: ${show()}`);
  // NO_LINE (0) is a problem of the whole file (its size), which must then say so by having no column either.
  const whole = p.line === NO_LINE && /more than the limit/.test(String(p.message));
  if (!whole && (typeof p.line !== 'number' || !Number.isInteger(p.line) || p.line < 1 || p.line > maxLine + 1)) {
    out.push(`${where}: problem line ${String(p.line)} is not a line of the file (1..${maxLine}): ${show()}`);
  }
  const columnOk = (c: unknown) => typeof c === 'number' && Number.isInteger(c) && (whole ? c === NO_LINE : c >= 1);
  if (p.column !== undefined && !columnOk(p.column)) out.push(`${where}: bad column: ${show()}`);
  if (typeof p.code !== 'string' || p.code === '') out.push(`${where}: problem without a code: ${show()}`);
  if (typeof p.key !== 'string') out.push(`${where}: problem key is not a string: ${show()}`);
  if (typeof p.message !== 'string' || p.message.trim() === '') out.push(`${where}: problem without a message: ${show()}`);
  return out;
}

function checkLine(value: unknown, maxLine: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxLine + 1;
}

/** A loaded scenario must be a full Scenario and survive request → engine → analysis. */
function checkScenario(s: Scenario, file: string, maxLine: number, flow: FlowDefinition): string[] {
  const out: string[] = [];
  if (s.file !== file || !checkLine(s.line, maxLine)) out.push(`scenario ${JSON.stringify(s.name)} has no position: ${s.file}:${s.line}`);
  if (typeof s.name !== 'string') out.push(`scenario name is ${typeof s.name}`);
  for (const [key, line] of Object.entries(s.lines)) if (!checkLine(line, maxLine)) out.push(`scenario line of '${key}' is ${line}`);
  const request = buildDebugRequest(s, 50);
  JSON.stringify(request);
  const result = executeFlow(flow, { ...request, flowId: flow.id });
  const execution: Execution =
    result.status === 200
      ? { kind: 'completed', response: result.body, attempts: 1, elapsedMs: 1 }
      : {
          kind: 'failed',
          code: 'FLOW_COMPILATION_FAILED',
          status: 500,
          message: result.body.message,
          attempts: 1,
          elapsedMs: 1,
          trace: result.body.trace,
        };
  const analysis = analyzeScenario(s, execution, { loopThreshold: 3 });
  if (!['passed', 'failed', 'error'].includes(analysis.status)) out.push(`analysis status ${analysis.status}`);
  return out;
}

function checkFlow(flow: FlowDefinition, file: string, maxLine: number, dtmf: string, speech: string): string[] {
  const out: string[] = [];
  if (flow.source?.file !== file || !checkLine(flow.source.line, maxLine))
    out.push(`flow has no position: ${JSON.stringify(flow.source)?.slice(0, 200)}`);
  for (const [node, line] of Object.entries(flow.source?.nodeLines ?? {}))
    if (!checkLine(line, maxLine)) out.push(`flow node '${node}' line is ${line}`);
  flowEdges(flow);
  const request: DebugRequest = {
    flowId: flow.id,
    input: { dtmf, speech },
    options: { trace: true, includeVariables: true, maxLoops: 20 },
    variables: { x: 1 },
  };
  const result = executeFlow(flow, request);
  if (result.status !== 200 && result.status !== 500) out.push(`engine answered ${String((result as { status: unknown }).status)}`);
  JSON.stringify(result.body);
  return out;
}

export interface CaseContext {
  seed: number;
  corpus: readonly SeedFile[];
  /** A real flow the loaded scenarios run against. */
  referenceFlow: FlowDefinition;
}

export function loadReferenceFlow(corpus: readonly SeedFile[]): FlowDefinition {
  const seed = corpus.find((f) => f.file === 'examples/flows/main-menu.yaml') ?? corpus.find((f) => f.file.includes('flows/'));
  const { flow } = parseFlowFile(seed?.text ?? '', seed?.file ?? 'flow.yaml');
  if (!flow) throw new Error('no reference flow in the corpus');
  return flow;
}

/** Case `index` of the run: deterministic in (seed, index). Never throws: an escaped exception is a failure. */
export function runLoaderCase(index: number, ctx: CaseContext): CaseOutcome {
  const rng = caseRng(ctx.seed, index);
  const seedFile = rng.pick(ctx.corpus);
  const { text, ops } = rng.chance(0.04)
    ? { text: seedFile.text, ops: ['none'] }
    : mutate(rng, seedFile.text, { corpus: ctx.corpus.map((f) => f.text) });
  const file = rng.chance(0.8) ? seedFile.file : rng.pick(FILE_NAMES);
  const dtmf = rng.pick(['', '1', '2', '3', '0', '9', '*', '#', '12', '99999']);
  const speech = rng.pick(['', 'billing', 'I have a BILLING question', 'agent', '\0', 'x'.repeat(1000)]);
  const outcome: CaseOutcome = { cases: 0, withProblems: 0, loaded: 0, scenarios: 0, flows: 0, ops, text, file, maxMs: 0, failures: [] };
  const maxLine = countLines(text);

  const timed = (what: string, run: () => void): void => {
    const started = performance.now();
    try {
      run();
    } catch (error) {
      const e = error as Error;
      outcome.failures.push(
        `${what} threw ${e?.name ?? typeof error}: ${e?.message ?? String(error)}\n${e?.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`,
      );
    }
    outcome.maxMs = Math.max(outcome.maxMs, performance.now() - started);
    outcome.cases++;
  };

  timed('parseScenarioFile', () => {
    const result = parseScenarioFile(text, file);
    if (!Array.isArray(result.problems) || !Array.isArray(result.scenarios))
      throw new Error('parseScenarioFile returned no problems/scenarios lists');
    for (const p of result.problems) outcome.failures.push(...checkProblem(p, file, maxLine, 'parseScenarioFile'));
    if (result.problems.length > 0) outcome.withProblems++;
    else outcome.loaded++;
    outcome.scenarios += result.scenarios.length;
    for (const s of result.scenarios.slice(0, 5)) outcome.failures.push(...checkScenario(s, file, maxLine, ctx.referenceFlow));
  });

  timed('parseFlowFile', () => {
    const result = parseFlowFile(text, file);
    if (!Array.isArray(result.problems)) throw new Error('parseFlowFile returned no problems list');
    for (const p of result.problems) outcome.failures.push(...checkProblem(p, file, maxLine, 'parseFlowFile'));
    if (result.problems.length > 0) outcome.withProblems++;
    else outcome.loaded++;
    if (result.flow) {
      outcome.flows++;
      outcome.failures.push(...checkFlow(result.flow, file, maxLine, dtmf, speech));
    } else if (result.problems.length === 0) {
      outcome.failures.push('parseFlowFile returned neither a flow nor a problem');
    }
  });
  return outcome;
}
