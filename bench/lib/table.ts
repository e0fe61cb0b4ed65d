// The benchmarks' one way to print figures: a header row, a rule, then the rows, columns padded.
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

/** Rows kept as records (keyed like the header) printed in the header's key order. */
export function printRecords<K extends string>(header: Record<K, string>, rows: readonly Record<K, string>[]): void {
  const keys = Object.keys(header) as K[];
  printTable(
    keys.map((k) => header[k]),
    rows.map((r) => keys.map((k) => r[k])),
  );
}
