// Markdown building blocks shared by the job summary and the pull-request comment. Pure.
// GitHub renders both as Markdown with HTML allowed, and core.summary escapes nothing:
// every value that comes from a file or the API goes through escapeCell, code or fence.

export interface SourceLinks {
  /** e.g. https://github.com/owner/repo/blob/<sha>/ */
  blobBase: string;
}

/**
 * Text for a table cell, a line of Markdown or an HTML element (<summary>, <code>): HTML, pipes and line
 * breaks neutralised, and Markdown's own marks written as entities, so a name renders as written
 * everywhere: in a table cell `*x*` would be emphasis and backticks a code span, inside <summary> they
 * are plain text. `_` inside a word (node_exit) is never emphasis, so only a `_` at a word's edge is.
 */
export function escapeCell(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '&#124;')
      // Brackets would end a link label; @ would mention (and notify) whoever the text names.
      .replace(/\[/g, '&#91;')
      .replace(/\]/g, '&#93;')
      .replace(/@/g, '&#64;')
      .replace(/\\/g, '&#92;')
      .replace(/`/g, '&#96;')
      .replace(/\*/g, '&#42;')
      .replace(/~/g, '&#126;')
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '&#95;')
      .replace(/\r?\n/g, '<br>')
  );
}

/** Inline code that survives backticks and pipes in the value (a Markdown code span would not). */
export function code(text: string): string {
  return text ? `<code>${escapeCell(text)}</code>` : '';
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function fence(info: string, body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return `${marks}${info}\n${body.endsWith('\n') ? body : `${body}\n`}${marks}\n`;
}

/** `file:line` linked to the commit's source; the file alone without a line; a dash without a file (a glob that matched nothing). */
export function fileLink(file: string, line: number, links: SourceLinks | undefined): string {
  if (!file) return '—';
  const label = escapeCell(location(file, line));
  return links ? `[${label}](${sourceUrl(links, file, line)})` : label;
}

export function sourceUrl(links: SourceLinks, file: string, line: number): string {
  return `${links.blobBase}${encodeURI(file).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}${line > NO_LINE ? `#L${line}` : ''}`;
}

import { location, NO_LINE } from '../text.ts';

/** A collapsible section; the blank line after <summary> lets GitHub render the Markdown inside. */
export function details(summaryHtml: string, body: string): string {
  return `<details>\n<summary>${summaryHtml}</summary>\n\n${body.trimEnd()}\n\n</details>\n\n`;
}
