// `cxone-flow-test validate`: the run's loading and static checks, and no call. For a workflow that has
// no secrets (a fork's pull request) and for editors' pre-commit hooks.
import { parseArgs } from 'node:util';
import { checkFlowGraph } from '../analysis/graph.ts';
import { failsCheck, type FindingKind } from '../domain/findings.ts';
import { readSettings } from '../inputs.ts';
import { toLogText } from '../log-text.ts';
import { flowFindingLine, locatedLine, problemLine } from '../report/console.ts';
import { lineOf } from '../scenario/lines.ts';
import type { FlowFinding } from '../report/model.ts';
import { flowCheckContext, loadSuite, runSecrets, type Suite } from '../run.ts';
import { plural } from '../text.ts';
import { COMMAND_FLAGS, inputSource } from './flags.ts';
import { CLI_NAMING } from './messages.ts';

export async function validateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: COMMAND_FLAGS.validate, strict: true, allowPositionals: false });
  const settings = readSettings(inputSource(values), process.cwd(), { calls: false });
  const secrets = runSecrets(settings);
  const print = (stream: NodeJS.WriteStream, text: string) => stream.write(toLogText(text, (t) => secrets.scrub(t)));
  const suite = await loadSuite(settings, { info: (line) => print(process.stderr, `${line}\n`), naming: CLI_NAMING });
  const verdict = judgeSuite(
    suite,
    suite.flows.flatMap((f) => checkFlowGraph(f, flowCheckContext(settings.target, suite, f))),
    settings.failOn,
    settings.target,
  );
  print(process.stdout, verdict.lines.map((l) => `${l}\n`).join(''));
  return verdict.ok ? 0 : 1;
}

/** The lines to print and whether the files would let a run pass its loading: as the report judges them (summarize). Pure. */
export function judgeSuite(
  suite: Suite,
  findings: FlowFinding[],
  failOn: readonly FindingKind[],
  target: 'api' | 'emulator' = 'emulator',
): { lines: string[]; ok: boolean } {
  const lines = [...suite.problems.map(problemLine), ...findings.map((f) => flowFindingLine(f, failOn))];
  // No usable flow is said by the problems themselves (each with its file:line, or the glob) and the verdict:
  // the refusal's summary of them would say it all twice.
  // As a run judges them: on the emulator such a scenario is not run (a failure); CXone may have the flow.
  const unknown = suite.scenarios.flatMap((s) => {
    const why = s.skip ? undefined : suite.unknownFlow?.(s.flow);
    return why ? [locatedLine(target === 'emulator' ? 'error' : 'warning', s.file, lineOf(s, 'flow'), `flow: ${why}`)] : [];
  });
  lines.push(...unknown);
  const failing = findings.filter((f) => failsCheck(f, failOn)).length;
  const empty = suite.scenarios.length === 0 && suite.problems.length === 0;
  if (empty) lines.push('error: no scenarios in the scenario files: a run would have nothing to check');
  const files =
    `${plural(suite.scenarios.length, 'scenario')} in ${plural(suite.scenarioFiles.length, 'file')}` +
    (suite.flowFiles.length > 0 ? `, ${plural(suite.flows.length, 'flow')} in ${plural(suite.flowFiles.length, 'file')}` : '');
  const ok = suite.problems.length === 0 && failing === 0 && !empty && !suite.refusal && (target === 'api' || unknown.length === 0);
  const wrong = [
    ...(suite.problems.length ? [plural(suite.problems.length, 'problem') + ' in scenario or flow files'] : []),
    ...(failing ? [plural(failing, 'finding') + ' in flow definitions'] : []),
    ...(suite.refusal ? ['no usable flow'] : []),
    ...(target === 'emulator' && unknown.length ? [plural(unknown.length, 'scenario') + ' naming a flow that no file defines'] : []),
  ];
  lines.push(ok ? `Valid: ${files}.` : `Invalid: ${wrong.join(', ') || 'nothing to run'} (${files}).`);
  return { lines, ok };
}
