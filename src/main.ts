// The action's thin shell (checkout): inputs → run → report files → publish → outputs / setFailed.
import * as core from '@actions/core';
import { getSettings } from './inputs.ts';
import { renderConsole } from './report/console.ts';
import { writeReportFiles } from './report/files.ts';
import { mergeReportFiles } from './report/merge.ts';
import { publishReport } from './report/publish.ts';
import { toLogText } from './log-text.ts';
import { runSecrets, runSuite } from './run.ts';
import { SecretSet } from './secrets.ts';

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
  // Every line for people goes through one gate: secrets out, no workflow command can start in it.
  let secrets = new SecretSet();
  const info = (line: string) => core.info(toLogText(line, (text) => secrets.scrub(text)));
  try {
    const settings = getSettings();
    secrets = runSecrets(settings);
    secrets.onAdd((value) => core.setSecret(value));
    const report = settings.merge.length > 0
      ? await mergeReportFiles(settings)
      : await runSuite(settings, { info, secrets, signal: cancel.signal });
    const files = await writeReportFiles(report, settings, settings.workspace);
    info(`\n${renderConsole(report)}`);
    info(`Report written to ${settings.reportPath}.`);
    await publishReport(report, settings, files);
    if (report.summary.conclusion === 'failure') core.setFailed(`CXone flow tests failed: ${report.summary.failure_reasons.join('; ')}.`);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
