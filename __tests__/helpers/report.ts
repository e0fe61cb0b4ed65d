// Report models for renderer tests: plain data, as a report file would hold it.
import { summarize, type Report, type ReportProblem, type ScenarioReport } from '../../src/report/model.ts';

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
    findings: [
      {
        kind: 'mismatch',
        code: 'PATH_MISMATCH',
        message: 'path differs at step 2: expected node_route_support, got node_route_sales',
        file: 'cxone-tests/menu.yaml',
        line,
      },
    ],
  });
