// The report files: YAML (always) and JSON (when asked), same content. Pure renderers.
import { dump } from 'js-yaml';
import type { Report, ScenarioReport } from './model.ts';

// noRefs: a path array shared by two keys must be written twice, not as a YAML anchor users can't grep.
const YAML_OPTIONS = { noRefs: true, lineWidth: 120, sortKeys: false } as const;
/** A scenario's keys sit 4 columns in (`scenarios:` / `  - `): dumped alone, they fold 4 columns narrower. */
const SCENARIO_KEY_OPTIONS = { ...YAML_OPTIONS, lineWidth: YAML_OPTIONS.lineWidth - 4 };
/** YAML caps an implicit flow key at 1024 characters: a longer trace entry is written as a block. */
const MAX_FLOW_ENTRY_CHARS = 1000;

/**
 * The YAML report, written a top-level key at a time and each scenario a key at a time: js-yaml builds
 * a tree of what it dumps before writing it, dozens of bytes of memory per byte of output, and a report
 * holds up to MAX_RUN_DETAIL_BYTES of scenario detail (report/budget.ts). Each raw_trace entry is one
 * line of JSON (YAML's flow style): ten times faster to write than js-yaml's blocks, and a trace reads
 * best one step per line. Everything else is what one dump of the report writes.
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
    const text = key === 'raw_trace' && Array.isArray(value) && value.length > 0
      ? `${key}:\n${value.map(renderTraceEntry).join('')}`
      : dump(stripUndefined({ [key]: value }), SCENARIO_KEY_OPTIONS);
    parts.push(shift(text, parts.length === 0 ? '  - ' : '    ', '    '));
  }
  return parts.join('');
}

function renderTraceEntry(entry: unknown): string {
  const json = JSON.stringify(entry);
  if (json === undefined || json.length > MAX_FLOW_ENTRY_CHARS) return shift(dump(stripUndefined([entry]), { ...SCENARIO_KEY_OPTIONS, lineWidth: SCENARIO_KEY_OPTIONS.lineWidth - 2 }), '  ', '  ');
  return `  - ${toYamlFlow(json)}\n`;
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
