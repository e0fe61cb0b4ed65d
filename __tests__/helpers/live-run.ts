// The golden runs: real runs through the whole pipeline (scenario and flow files → loaders → the built-in
// emulator over loopback HTTP → runner → analysis → report → the YAML file and the console table), made
// the way the action and the CLI make them (readSettings, runSuite, writeReportFiles, renderConsole) on
// the shared fake clock, so that every byte is the same on every machine. Their YAML reports and console
// tables are goldens under __outputs__/, and the report every other golden is rendered from
// (report/live-run.test.ts, report/golden.ts; `npm run golden` rewrites them all).
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { readSettings } from '../../src/inputs.ts';
import { toLogText } from '../../src/log-text.ts';
import { renderConsole } from '../../src/report/console.ts';
import { writeReportFiles } from '../../src/report/files.ts';
import { runSecrets, runSuite } from '../../src/run.ts';
import { makeWorkspace, ROOT, writeFiles } from './action.ts';
import { createFakeTime } from './fake-time.ts';

export type GoldenRun = 'mixed' | 'passing';

export interface LiveRun {
  /** The YAML report file, as the run wrote it. */
  yaml: string;
  /** The table and totals the action logs and the CLI prints. */
  console: string;
}

/** On the E2E menu flow: map forms that fail, and a name that Markdown would read as code and emphasis. */
const MAP_FORMS = `flow: 11111111-2222-3333-4444-555555555555
scenarios:
  - name: "Support via \`contains\` (*map form*)"
    input: { dtmf: "1" }
    expect:
      path: { contains: [node_menu, node_route_support], excludes: [node_route_sales] }
      exit: node_exit
`;

/** A loop guard that holds: one wrong digit, retried, is the loop the scenario expects. */
const EXPECTED_RETRY = `flow: 11111111-2222-3333-4444-555555555555
scenarios:
  - name: A wrong digit is retried
    input: { dtmf: "91" }
    loopThreshold: 1
    expect:
      loops: true
      exit: node_exit
`;

export const GOLDEN_RUNS: Record<GoldenRun, { what: string; workspace(): string }> = {
  mixed: {
    what: 'every e2e scenario fixture, examples/broken and map forms on the emulator (mismatch, loops, trace error, malformed file, flow defect)',
    workspace() {
      const dir = makeWorkspace({
        flows: 'e2e/flows',
        'flows/broken-ref.yaml': 'e2e/broken-flows/broken-ref.yaml',
        'cxone-tests': 'e2e/scenarios',
      });
      cpSync(path.join(ROOT, 'examples/broken/flows'), path.join(dir, 'flows/broken'), { recursive: true });
      cpSync(path.join(ROOT, 'examples/broken/scenarios'), path.join(dir, 'cxone-tests/broken'), { recursive: true });
      writeFiles(dir, { 'cxone-tests/map-forms.yaml': MAP_FORMS });
      return dir;
    },
  },
  passing: {
    what: '__tests__/fixtures/e2e/scenarios/pass.yaml and an expected retry loop on the emulator',
    workspace() {
      const dir = makeWorkspace({ 'flows/menu.yaml': 'e2e/flows/menu.yaml', 'cxone-tests/pass.yaml': 'e2e/scenarios/pass.yaml' });
      writeFiles(dir, { 'cxone-tests/retry.yaml': EXPECTED_RETRY });
      return dir;
    },
  },
};

/** The one thing a run cannot fix: the port the emulator listens on (0, ephemeral), in error messages. */
const fixPort = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT');

/** One golden run, start to finish; its workspace is removed after. */
export async function liveRun(name: GoldenRun): Promise<LiveRun> {
  const workspace = GOLDEN_RUNS[name].workspace();
  try {
    const inputs: Record<string, string> = { target: 'emulator', flows: 'flows/**/*.yaml', 'upload-artifact': 'false' };
    const settings = readSettings((input) => inputs[input] ?? '', workspace);
    const secrets = runSecrets(settings);
    const report = await runSuite(settings, { info: () => {}, secrets, clock: createFakeTime().clock });
    const written = await writeReportFiles(report, settings, workspace);
    assert.deepEqual(written.failures, []);
    const yaml = readFileSync(path.join(workspace, settings.reportPath), 'utf8');
    return { yaml: fixPort(yaml), console: fixPort(toLogText(renderConsole(report), (t) => secrets.scrub(t))) };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
