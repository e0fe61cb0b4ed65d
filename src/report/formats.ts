// The report files: YAML (always) and JSON (when asked), same content. Pure renderers.
import { dump } from 'js-yaml';
import type { Report, ScenarioReport } from './model.ts';

// noRefs: a path array shared by two keys must be written twice, not as a YAML anchor users can't grep.
const YAML_OPTIONS = { noRefs: true, lineWidth: 120, sortKeys: false } as const;
/** A scenario's keys sit 4 columns in (`scenarios:` / `  - `): dumped alone, they fold 4 columns narrower. */
const SCENARIO_KEY_OPTIONS = { ...YAML_OPTIONS, lineWidth: YAML_OPTIONS.lineWidth - 4 };
/** A scenario's execution_summary and variable_states keys: 2 further in. */
const DETAIL_OPTIONS = { ...YAML_OPTIONS, lineWidth: SCENARIO_KEY_OPTIONS.lineWidth - 2 };
/** YAML caps an implicit flow key at 1024 characters: a longer trace entry is written as a block. */
const MAX_FLOW_ENTRY_CHARS = 1000;

/**
 * The YAML report, written a top-level key at a time and each scenario a key at a time: js-yaml builds
 * a tree of what it dumps before writing it, dozens of bytes of memory per byte of output, and a report
 * holds up to MAX_RUN_DETAIL_BYTES of scenario detail (report/budget.ts). The lists that grow with an
 * answer are written one item per line (renderScenarioKey): ten times faster than js-yaml's blocks, and
 * a trace reads best one step per line. Everything else is what one dump of the report writes.
 */
export function renderYamlReport(report: Report): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined) continue;
    if (key === 'scenarios' && Array.isArray(value) && value.length > 0) {
      parts.push(`${key}:\n`);
      for (const scenario of value as ScenarioReport[]) parts.push(renderScenario(scenario));
    } else parts.push(dump(stripUndefined({ [key]: value }), YAML_OPTIONS));
  }
  return parts.join('');
}

export function renderJsonReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One item of `scenarios:`, as js-yaml indents a sequence of mappings inside a mapping. */
function renderScenario(scenario: ScenarioReport): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(scenario)) {
    if (value === undefined) continue;
    parts.push(shift(renderScenarioKey(key, value), parts.length === 0 ? '  - ' : '    ', '    '));
  }
  return parts.join('');
}

/**
 * The lists that grow with an answer are written one item per line: trace entries and the snapshots of
 * node_history as JSON (YAML's flow style), path steps as plain scalars. js-yaml writes the rest.
 */
function renderScenarioKey(key: string, value: unknown): string {
  if (key === 'raw_trace' && Array.isArray(value) && value.length > 0) return `${key}:\n${value.map(renderTraceEntry).join('')}`;
  if ((key === 'execution_summary' || key === 'variable_states') && isNonEmptyRecord(value)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => shift(renderDetail(k, v), '  ', '  '));
    return `${key}:\n${entries.join('')}`;
  }
  return dump(stripUndefined({ [key]: value }), SCENARIO_KEY_OPTIONS);
}

/** A key of execution_summary or variable_states, 2 columns further in than a scenario's keys. */
function renderDetail(key: string, value: unknown): string {
  if (key === 'path' && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
    return `${key}:\n${value.map((step) => `  - ${flowScalar(step)}\n`).join('')}`;
  }
  if (key === 'node_history' && isNonEmptyRecord(value)) {
    return `${key}:\n${Object.entries(value)
      .map(([node, vars]) => renderFlowPair(node, vars))
      .join('')}`;
  }
  return dump(stripUndefined({ [key]: value }), DETAIL_OPTIONS);
}

function renderTraceEntry(entry: unknown): string {
  const json = JSON.stringify(entry);
  if (json === undefined || json.length > MAX_FLOW_ENTRY_CHARS) return shift(dump(stripUndefined([entry]), DETAIL_OPTIONS), '  ', '  ');
  return `  - ${toYamlFlow(json)}\n`;
}

function renderFlowPair(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined || key.length > MAX_FLOW_ENTRY_CHARS || json.length > MAX_FLOW_ENTRY_CHARS) {
    return shift(dump(stripUndefined({ [key]: value }), { ...DETAIL_OPTIONS, lineWidth: DETAIL_OPTIONS.lineWidth - 2 }), '  ', '  ');
  }
  return `  ${flowScalar(key)}: ${toYamlFlow(json)}\n`;
}

/** Words YAML 1.1 readers take for booleans or null, which js-yaml quotes too. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/** A node id as it is when YAML reads it back as that string (most are), else as JSON. */
function flowScalar(text: string): string {
  return /^[A-Za-z_][\w./-]*$/.test(text) && !RESERVED.test(text) ? text : toYamlFlow(JSON.stringify(text));
}

function isNonEmptyRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

/**
 * JSON is YAML's flow style, but for characters JSON writes as they are and YAML may not: DEL and the
 * C1 controls are not printable in YAML, and NEL, LS, PS and the BOM break lines or streams for some
 * parsers. Each is written as a \u escape, which both read back as the same character.
 */
function toYamlFlow(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `first` before the first line, `rest` before every other line with text; an empty line inside a block scalar stays empty. */
function shift(text: string, first: string, rest: string): string {
  return first + text.replace(/\n(?=.)/g, `\n${rest}`);
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
