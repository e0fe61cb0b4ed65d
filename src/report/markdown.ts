// Markdown building blocks shared by the job summary and the pull-request comment. Pure.
// GitHub renders both as Markdown with HTML allowed, and core.summary escapes nothing (PLATFORM.md):
// every value that comes from a file or the API goes through escapeCell, code or fence.

export interface SourceLinks {
  /** e.g. https://github.com/owner/repo/blob/<sha>/ */
  blobBase: string;
}

/** Text for a table cell or a line of Markdown: HTML, pipes and line breaks neutralised. */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    // Brackets would end a link label; @ would mention (and notify) whoever the text names.
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;')
    .replace(/@/g, '&#64;')
    .replace(/\r?\n/g, '<br>');
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

export function fileLink(file: string, line: number, links: SourceLinks | undefined): string {
  const label = `${escapeCell(file || '(inputs)')}${file ? `:${line}` : ''}`;
  return links && file ? `[${label}](${sourceUrl(links, file, line)})` : label;
}

export function sourceUrl(links: SourceLinks, file: string, line: number): string {
  return `${links.blobBase}${encodeURI(file).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}#L${line}`;
}

export { plural } from '../text.ts';

/** A collapsible section; the blank line after <summary> lets GitHub render the Markdown inside. */
export function details(summaryHtml: string, body: string): string {
  return `<details>\n<summary>${summaryHtml}</summary>\n\n${body.trimEnd()}\n\n</details>\n\n`;
}
