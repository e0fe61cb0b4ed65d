// The action's thin shell (checkout): inputs → run → report files → publish → outputs / setFailed.
// Each stage's failure still reaches publishing: a bad input or an unwritable report still sets the
// outputs (conclusion: failure), writes a summary line and fails the step, naming what went wrong.
import * as core from './workflow-commands.ts';
import * as path from 'node:path';
import { readSettings } from './inputs.ts';
import { toLogText } from './log-text.ts';
import { renderConsole } from './report/console.ts';
import { describeWrittenReports, writeReportFiles, type WrittenReports } from './report/files.ts';
import { mergeReportFiles } from './report/merge.ts';
import type { Report } from './report/model.ts';
import { publishFailure, publishReport } from './report/publish.ts';
import { pullRequestBase } from './report/github-context.ts';
import { runSecrets, runSuite, shortSecretWarnings } from './run.ts';
import { registersWithRunner, SecretSet } from './secrets.ts';
import type { Settings } from './settings.ts';

export async function run(): Promise<void> {
  const cancel = new AbortController();
  // The runner cancels with SIGINT, then SIGTERM 7.5 s later: both are caught until the process exits
  // (never removed), so a second signal cannot cut the report's write short, nor kill the process by
  // signal after it (exit code null, a red step for a run that ended cleanly).
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancel.signal.aborted) return;
    core.warning(`Received ${signal}: no new scenario starts; writing the report with what has run.`);
    cancel.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await runStages(cancel.signal);
  } catch (error) {
    // A bug's last line of defence: the outputs and a summary line still come.
    await failWithoutReport(toLogText(`cxone-flow-test failed: ${(error as Error).message}`, (t) => t)).catch(() =>
      core.setFailed((error as Error).message),
    );
  }
}

async function runStages(signal: AbortSignal): Promise<void> {
  // Every line for people goes through one gate: secrets out, no workflow command can start in it.
  let secrets = new SecretSet();
  const gate = (text: string) => toLogText(text, (t) => secrets.scrub(t));
  const info = (line: string) => core.info(gate(line));
  let settings: Settings;
  try {
    settings = getSettings();
    secrets = runSecrets(settings);
  } catch (error) {
    return failWithoutReport(gate(`cxone-flow-test could not start: ${(error as Error).message}`));
  }
  // The runner masks a registered value inside any word: a short one would garble every line (secrets.ts).
  secrets.onAdd((value) => {
    if (registersWithRunner(value)) core.setSecret(value);
  });
  for (const warning of shortSecretWarnings(settings)) core.warning(gate(warning));
  let report: Report;
  try {
    report = settings.merge.length > 0 ? await mergeReportFiles(settings) : await runSuite(settings, { info, secrets, signal });
  } catch (error) {
    // runSuite and merge turn what they meet into the report; this is a bug's last line of defence.
    return failWithoutReport(gate(`cxone-flow-test stopped before it had a report: ${(error as Error).message}`));
  }
  const written = await writeReportFiles(report, settings, settings.workspace);
  report = withWriteFailures(report, written);
  info(`\n${renderConsole(report)}`);
  info(describeWrittenReports(written));
  await publishReport(report, settings, written);
  if (report.summary.conclusion === 'failure')
    core.setFailed(gate(`CXone flow tests failed: ${report.summary.failure_reasons.join('; ')}.`));
}

/** The action's input source; registers secret inputs with the runner's masker before anything can print them. */
function getSettings(): Settings {
  for (const name of ['client-secret', 'access-key-secret', 'github-token']) {
    const value = core.getInput(name);
    if (value && registersWithRunner(value)) core.setSecret(value);
  }
  const workspace = path.resolve(process.env['GITHUB_WORKSPACE'] || process.cwd());
  const base = pullRequestBase(core.readEvent());
  return readSettings((name) => core.getInput(name), workspace, base ? { pullRequestBase: base } : {});
}

async function failWithoutReport(sentence: string): Promise<void> {
  await publishFailure(sentence);
  core.setFailed(sentence);
}

/** A report file that could not be written fails the run, whatever the scenarios said, and says where. */
function withWriteFailures(report: Report, written: WrittenReports): Report {
  if (written.failures.length === 0) return report;
  const summary = {
    ...report.summary,
    conclusion: 'failure' as const,
    failure_reasons: [...report.summary.failure_reasons, ...written.failures],
  };
  return { ...report, summary };
}
