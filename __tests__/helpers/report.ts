// Report models for renderer tests: plain data, as a report file would hold it.
import { kindOf, severityOf, type FindingParams, type FlowFindingCode, type ScenarioFindingCode } from '../../src/domain/findings.ts';
import {
  summarize,
  type Report,
  type ReportFinding,
  type ReportFlowFinding,
  type ReportProblem,
  type ScenarioReport,
} from '../../src/report/model.ts';
import { describeFinding } from '../../src/report/wording.ts';

/** A scenario's finding as the report writes it: its kind and words made from its code and params. */
export function finding<C extends ScenarioFindingCode>(
  code: C,
  params: FindingParams[C],
  where: { file?: string; line?: number } = {},
): ReportFinding {
  const facts = { code, params } as ReportFinding;
  return {
    kind: kindOf(code),
    code,
    message: describeFinding(facts),
    params,
    file: where.file ?? 'cxone-tests/menu.yaml',
    line: where.line ?? 7,
  } as ReportFinding;
}

export function flowFinding<C extends FlowFindingCode>(
  code: C,
  params: FindingParams[C],
  where: { file: string; line: number; flow_id?: string; node?: string },
): ReportFlowFinding {
  const facts = { code, params } as ReportFlowFinding;
  const { flow_id = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', node, ...at } = where;
  return {
    kind: kindOf(code),
    severity: severityOf(code),
    code,
    message: describeFinding(facts),
    params,
    ...at,
    flow_id,
    ...(node !== undefined ? { node } : {}),
  } as ReportFlowFinding;
}

export function scenario(over: Partial<ScenarioReport> & { name: string }): ScenarioReport {
  return {
    id: `cxone-tests/menu.yaml#${over.name}`,
    file: 'cxone-tests/menu.yaml',
    line: 3,
    flow_id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    status: 'passed',
    tags: [],
    input: { dtmf: '2', speech: '' },
    findings: [],
    errors: [],
    execution_summary: {
      exit_node: 'node_exit',
      total_nodes: 4,
      simulation_duration_ms: 145,
      attempts: 1,
      path: ['node_start', 'node_menu', 'node_route_support', 'node_exit'],
      routing_valid: true,
      routing_mismatches: [],
    },
    ...over,
  };
}

export function report(
  scenarios: ScenarioReport[],
  problems: ReportProblem[] = [],
  opts: { failOn?: Report['report_metadata']['fail_on']; cutShort?: string | null } = {},
): Report {
  const failOn = opts.failOn ?? ['mismatch', 'loop', 'error'];
  const cutShort = opts.cutShort ?? null;
  return {
    report_metadata: {
      report_version: 1,
      generated_at: '2026-11-25T12:00:00.000Z',
      tool: 'cxone-flow-test',
      tool_version: '0.1.0',
      api_version: 'v2',
      target: 'emulator',
      base_url: 'emulator',
      fail_on: failOn,
      loop_threshold: 3,
      max_loops: 50,
      min_coverage: null,
      shard: null,
      scenario_files: [...new Set(scenarios.map((s) => s.file))],
      flow_files: [],
      run_duration_ms: 12,
      cut_short: cutShort,
    },
    summary: summarize({ scenarios, problems, flowFindings: [], failOn, cutShort }),
    problems,
    flow_findings: [],
    scenarios,
  };
}

export const mismatch = (name: string, line = 7) =>
  scenario({
    name,
    status: 'failed',
    findings: [finding('PATH_MISMATCH', { index: 2, expected: 'node_route_support', actual: 'node_route_sales', edits: 1 }, { line })],
  });
