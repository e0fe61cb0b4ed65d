// Studio benchmark (README, Performance): a generated 2,000-action Studio script (menus, IFs, CASEs,
// ASSIGNs, PLAYs, a few snippets, one of them a mocked REST call, and RUNSUBs into a sub-script) is
// loaded from its JSON text, checked (the static analysis every run does) and run: 1,000 scenarios
// through the real client and runner against the emulator on loopback. The same figures for a YAML flow
// of the same 2,000 nodes and shape (emulator.ts measures the YAML engine alone) stand beside them. Each
// variant runs in a child process of its own, so peak RSS is its own. The bench fails only when a
// scenario does not end at an exit: the times are for reading, not targets.
//   node_modules/.bin/node bench/run.ts studio
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkFlowGraph } from '../src/analysis/graph.ts';
import { FlowDebugClient } from '../src/api/client.ts';
import type { LoadedFlow } from '../src/domain/flow.ts';
import type { Execution } from '../src/domain/execution.ts';
import { startEmulator } from '../src/emulator/server.ts';
import { parseLoadedFlowFile } from '../src/flow/load.ts';
import { parseScenarioFile } from '../src/scenario/load.ts';
import { DEFAULTS } from '../src/settings.ts';
import { runScenarios } from '../src/simulation/runner.ts';
import { studioJson, type StudioJsonAction, type StudioJsonBranch } from './lib/studio-json.ts';
import { printRecords } from './lib/table.ts';

/** Blocks of ten actions: 2,000 actions, the first block's menu slot holding BEGIN and the last one's tail END. */
const BLOCKS = 200;
const SCENARIOS = 1_000;
const CONCURRENCY = 8;
const REPEATS = 3;
const CHILD_TIMEOUT_MS = 300_000;
/** One key in this many is 9, which ends the call at that block's check: runs of about 40 blocks. */
const STOP_ONE_IN = 40;
const credentials = { clientId: 'bench-studio', clientSecret: 'bench-studio-secret' };

type Variant = 'studio' | 'yaml';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const d = (to: number): StudioJsonBranch => ({ to, type: 'default' });
const c = (label: string, to: number): StudioJsonBranch => ({ to, type: 'case', label });
const b = (label: string, to: number): StudioJsonBranch => ({ to, type: 'branch', label });

/** The tenth action of block k: a snippet every 20 blocks (one a REST call), a RUNSUB every 50, else an ASSIGN. */
function tail(k: number, id: number, next: number): StudioJsonAction {
  if (k === BLOCKS - 1) return { id, name: 'END', label: 'Done' };
  if (k === 10) {
    const data = 'ASSIGN proxy = GetRESTProxy()\nASSIGN r = proxy.MakeRestRequest("https://crm.example/t", "", 0, "GET")';
    return { id, name: 'SNIPPET', label: 'Lookup', properties: [['Data', data]], branches: [d(next)] };
  }
  if (k % 20 === 0) {
    const data = 'ASSIGN total = steps * 2\nIF total > 10\n{\n  ASSIGN big = 1\n}';
    return { id, name: 'SNIPPET', label: `Snippet ${k}`, properties: [['Data', data]], branches: [d(next)] };
  }
  if (k % 50 === 25) {
    const props: [string, string][] = [
      ['ScriptName', 'Bench Sub'],
      ['Parameters', '{steps}'],
      ['ReturnVariable', 'back'],
    ];
    return { id, name: 'RUNSUB', label: `Sub ${k}`, properties: props, branches: [d(next)] };
  }
  return {
    id,
    name: 'ASSIGN',
    label: `Tail ${k}`,
    properties: [
      ['Variable', 'last'],
      ['Value', `${k}`],
    ],
    branches: [d(next)],
  };
}

/** Block k's ten actions, ids 10k+1 … 10k+10. */
function block(k: number): StudioJsonAction[] {
  const id = 10 * k + 1;
  const next = id + 10;
  const first: StudioJsonAction =
    k === 0
      ? { id, name: 'BEGIN', label: 'Begin', branches: [d(id + 3)] }
      : {
          id,
          name: 'MENU',
          label: `Menu ${k}`,
          properties: [
            ['Variable', 'choice'],
            ['MaxDigits', '1'],
            ['Sequence', `"%Menu ${k}"`],
          ],
          branches: [c('1', id + 1), c('2', id + 2), c('9', id + 3), b('OnTimeout', id + 3), d(id + 3)],
        };
  const assign = (n: number, label: string, variable: string, value: string, to: number, numeric = false): StudioJsonAction => ({
    id: n,
    name: 'ASSIGN',
    label,
    properties: [
      ['Variable', variable],
      ['Value', value],
      ['Type', numeric ? 'Numeric' : 'String'],
    ],
    branches: [d(to)],
  });
  return [
    first,
    assign(id + 1, `Pick ${k}.1`, 'picked', `${k}.1`, id + 3),
    assign(id + 2, `Pick ${k}.2`, 'picked', `${k}.2`, id + 3),
    assign(id + 3, `Count ${k}`, 'steps', 'steps + 1', id + 4, true),
    {
      id: id + 4,
      name: 'IF',
      label: `Check ${k}`,
      properties: [['Expression', 'choice = 9']],
      branches: [b('True', id + 5), b('False', id + 6)],
    },
    { id: id + 5, name: 'HANGUP', label: `Stop ${k}` },
    { id: id + 6, name: 'PLAY', label: `Say ${k}`, properties: [['Sequence', `"%Step {steps}"`]], branches: [d(id + 7)] },
    { id: id + 7, name: 'CASE', label: `Case ${k}`, properties: [['Variable', 'picked']], branches: [c(`${k}.1`, id + 8), d(id + 9)] },
    assign(id + 8, `Mark ${k}`, 'marked', `${k}`, id + 9),
    tail(k, id + 9, next),
  ];
}

function studioText(): { main: string; sub: string } {
  const actions = Array.from({ length: BLOCKS }, (_, k) => block(k)).flat();
  const sub: StudioJsonAction[] = [
    { id: 1, name: 'BEGIN', label: 'Begin', properties: [['Parameters', 'n']], branches: [d(2)] },
    { id: 2, name: 'IF', label: 'Big?', properties: [['Expression', 'n > 20']], branches: [b('True', 3), b('False', 4)] },
    { id: 3, name: 'RETURN', label: 'Yes', properties: [['ReturnValue', 'big']] },
    { id: 4, name: 'RETURN', label: 'No', properties: [['ReturnValue', 'small']] },
  ];
  return {
    main: studioJson({ scriptName: 'Bench Main', masterId: 90001 }, actions),
    sub: studioJson({ scriptName: 'Bench Sub', masterId: 90002 }, sub),
  };
}

/** The same graph as a YAML flow: each action one node of the nearest type, each connector one branch. */
function yamlText(): string {
  const lines = ['id: bench-main', 'name: Bench Main', 'start: n1', 'nodes:'];
  for (const a of Array.from({ length: BLOCKS }, (_, k) => block(k)).flat()) {
    const to = (label: string) => `n${a.branches?.find((x) => (x.label ?? '') === label || x.type === label)?.to}`;
    const node = `n${a.id}`;
    const prop = (name: string) => a.properties?.find(([n]) => n === name)?.[1] ?? '';
    if (a.name === 'BEGIN') lines.push(`  ${node}: { type: Start, next: ${to('default')} }`);
    else if (a.name === 'MENU')
      lines.push(
        `  ${node}: { type: GatherInput, variable: choice, options: { "1": ${to('1')}, "2": ${to('2')}, "9": ${to('9')} }, noMatch: ${to('default')}, noInput: ${to('OnTimeout')} }`,
      );
    else if (a.name === 'IF')
      lines.push(`  ${node}: { type: Condition, if: { variable: choice, op: eq, value: "9" }, then: ${to('True')}, else: ${to('False')} }`);
    else if (a.name === 'CASE') {
      const value = a.branches![0]!.label;
      lines.push(
        `  ${node}: { type: Condition, if: { variable: picked, op: eq, value: "${value}" }, then: n${a.branches![0]!.to}, else: ${to('default')} }`,
      );
    } else if (a.name === 'PLAY')
      lines.push(`  ${node}: { type: Play, prompt: "${prop('Sequence').replace(/"/g, '')}", next: ${to('default')} }`);
    else if (a.name === 'HANGUP' || a.name === 'END') lines.push(`  ${node}: { type: Exit }`);
    else if (prop('Type') === 'Numeric') lines.push(`  ${node}: { type: SetVariable, increment: steps, next: ${to('default')} }`);
    else lines.push(`  ${node}: { type: SetVariable, set: { v${a.id % 10}: "${prop('Value')}" }, next: ${to('default')} }`);
  }
  return `${lines.join('\n')}\n`;
}

/** 1,000 scenarios, each with its own keys (the same for both variants); the Studio script's REST snippet mocked for all. */
function scenarioText(variant: Variant): string {
  const next = random(7);
  const key = () => (next() < 1 / STOP_ONE_IN ? '9' : String(1 + Math.floor(next() * 3)));
  const lines =
    variant === 'studio'
      ? ['flow: Bench Main', 'mocks: { Lookup: { variables: { tier: gold } } }', 'scenarios:']
      : ['flow: bench-main', 'scenarios:'];
  for (let i = 0; i < SCENARIOS; i++) {
    const dtmf = Array.from({ length: BLOCKS }, key).join('');
    lines.push(`  - { name: "run ${i + 1}", input: { dtmf: "${dtmf}" } }`);
  }
  return `${lines.join('\n')}\n`;
}

function best(fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

interface Figures {
  actions: number;
  bytes: number;
  loadMs: number;
  checkMs: number;
  findings: number;
  runMs: number;
  /** The child's own CPU time over the run (client and emulator share the process): what other work on the machine does not inflate. */
  runCpuMs: number;
  completed: number;
  steps: number;
  peakRssMb: number;
}

function load(text: string, file: string): LoadedFlow {
  const parsed = parseLoadedFlowFile(text, file);
  if (!parsed.flow || parsed.problems.length > 0) throw new Error(`${file}: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return parsed.flow;
}

async function child(variant: Variant): Promise<Figures> {
  const studio = studioText();
  const text = variant === 'studio' ? studio.main : yamlText();
  const file = variant === 'studio' ? 'Development/main/Bench Main.json' : 'flows/bench-main.yaml';
  let flow = load(text, file);
  const loadMs = best(() => {
    flow = load(text, file);
  });
  const flows = variant === 'studio' ? [flow, load(studio.sub, 'Development/main/Bench Sub.json')] : [flow];
  let findings = 0;
  const checkMs = best(() => {
    findings = flows.flatMap((f) => checkFlowGraph(f)).length;
  });
  const parsed = parseScenarioFile(scenarioText(variant), 'cxone-tests/bench.yaml');
  if (parsed.problems.length > 0) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
  const emulator = await startEmulator({ flows, credentials });
  const client = new FlowDebugClient({
    baseUrl: emulator.url,
    tokenUrl: `${emulator.url}/oauth2/token`,
    scope: DEFAULTS.scope,
    auth: { kind: 'client-credentials', ...credentials },
    maxRetries: DEFAULTS.maxRetries,
    requestTimeoutMs: DEFAULTS.requestTimeoutSeconds * 1000,
    allowInsecureHttp: false,
  });
  let completed = 0;
  let steps = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    await runScenarios(parsed.scenarios, client, {
      concurrency: CONCURRENCY,
      maxLoops: DEFAULTS.maxLoops,
      emulator: true,
      // As a run does, each answer is looked at as it arrives and then dropped.
      onResult: (_s, e): Execution | undefined => {
        if (e.kind !== 'completed') return undefined;
        steps += e.response.path.length;
        if (e.response.exitNode !== null) completed++;
        return { ...e, response: { ...e.response, path: [], trace: [], variables: {} } };
      },
    });
  } finally {
    client.close();
    await emulator.close();
  }
  const runMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const runCpuMs = (used.user + used.system) / 1000;
  const actions = Object.keys(flow.nodes).length;
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / (1024 * 1024);
  return { actions, bytes: Buffer.byteLength(text), loadMs, checkMs, findings, runMs, runCpuMs, completed, steps, peakRssMb };
}

function parent(): void {
  const rows: Record<string, string>[] = [];
  let failed = false;
  for (const variant of ['studio', 'yaml'] as const) {
    const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', variant], {
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.status !== 0) {
      console.error(`${variant}: the child failed (${result.signal ?? result.status}): ${result.stderr.slice(-2000)}`);
      failed = true;
      continue;
    }
    const f = JSON.parse(result.stdout) as Figures;
    if (f.completed !== SCENARIOS) failed = true;
    rows.push({
      what: variant === 'studio' ? 'Studio script (JSON)' : 'YAML flow',
      size: `${f.actions.toLocaleString('en-US')} actions, ${(f.bytes / 1024).toFixed(0)} KiB`,
      load: `${f.loadMs.toFixed(1)} ms`,
      check: `${f.checkMs.toFixed(1)} ms (${f.findings} findings)`,
      run: `${(f.runMs / 1000).toFixed(2)} s (CPU ${(f.runCpuMs / 1000).toFixed(2)} s)`,
      ended: `${f.completed}/${SCENARIOS}`,
      steps: f.steps.toLocaleString('en-US'),
      rss: `${f.peakRssMb.toFixed(0)} MB`,
    });
  }
  printRecords(
    {
      what: 'flow',
      size: 'size',
      load: `load (best of ${REPEATS})`,
      check: 'check',
      run: `${SCENARIOS.toLocaleString('en-US')} scenarios`,
      ended: 'at an exit',
      steps: 'steps',
      rss: 'peak RSS',
    },
    rows,
  );
  process.exit(failed ? 1 : 0);
}

if (process.argv[2] === 'child') {
  const variant = process.argv[3] as Variant;
  child(variant).then(
    (f) => process.stdout.write(JSON.stringify(f)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else parent();
