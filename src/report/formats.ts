// The report files: YAML (always) and JSON (when asked), same content. Pure renderers.
import { dump } from 'js-yaml';
import type { Report } from './model.ts';

export function renderYamlReport(report: Report): string {
  // noRefs: a path array shared by two keys must be written twice, not as a YAML anchor users can't grep.
  return dump(stripUndefined(report), { noRefs: true, lineWidth: 120, sortKeys: false });
}

export function renderJsonReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
