// Mutations of real scenario and flow files: each takes a text and returns a hostile variant of it.
// Most keep the file close to valid, so the cases reach the schema checks and not only the YAML parser.
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import type { Rng } from './prng.ts';

export interface MutationContext {
  /** Every seed file's text, for splicing. */
  corpus: readonly string[];
}

type Mutator = (rng: Rng, text: string, ctx: MutationContext) => string;

/** Characters that mean something to YAML, plus the awkward ones: controls, BOM, separators, lone surrogates. */
const NASTY_CHARS = [
  '-',
  '?',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '<<',
  '...',
  '---',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\x07',
  '\x1b',
  '\x7f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\u{1f4a9}',
  'é',
  '0',
  '9',
  'a',
  'Z',
  '_',
  '\\',
  '/',
  '~',
];

/** Values of every other type, to put where a scalar, list or map was. */
const WRONG_VALUES = [
  '[a, b]',
  '[]',
  '{x: 1}',
  '{}',
  '{ path: [a] }',
  '42',
  '-1',
  '0',
  '3.5',
  '-0',
  '0x1F',
  '0o17',
  '1e400',
  '-1e400',
  '99999999999999999999',
  '1.7976931348623157e309',
  '.nan',
  '.inf',
  '-.inf',
  '~',
  'null',
  'true',
  'false',
  '""',
  "''",
  '"\\0"',
  '"\\ud800"',
  '!!str 5',
  '!!int "x"',
  '!!float abc',
  '!!binary aGk=',
  '!!set {a}',
  '!!timestamp 2001-12-14',
  '!!omap [a: 1]',
  '!custom x',
  '!!python/object:os.system ls',
  '*nowhere',
  '&lonely',
  '&a [*a]',
  '|\n  block text',
  '>-\n  folded',
  '- dangling',
  '[[[[[[[[[[]]]]]]]]]]',
  '{a: {b: {c: {d: {}}}}}',
  '"unterminated',
  "'unterminated",
  '[unclosed',
  '{unclosed: 1',
  '<<: {x: 1}',
  '? complex',
  'key: value: more',
  '@reserved',
  '`reserved',
  '%percent',
  '__proto__',
  '{__proto__: {polluted: 1}}',
  '{constructor: {prototype: {x: 1}}}',
  'toString',
  'hasOwnProperty',
];

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '99999999999999999999',
  '123456789012345678901234567890',
  '0.000000000000000000000000001e-400',
  '9'.repeat(400),
  '1' + '0'.repeat(5000),
  '2e308',
  '-0.0',
  '1_000',
];

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function splitLines(text: string): string[] {
  return text.split('\n');
}

function randomOffset(rng: Rng, text: string): number {
  return rng.int(text.length + 1);
}

function insertAt(text: string, at: number, what: string): string {
  return text.slice(0, at) + what + text.slice(at);
}

/** A line that holds `key: value` (or `- key: value`), with the value's start, or null. */
function pickKeyLine(rng: Rng, lines: readonly string[]): { index: number; head: string; value: string } | null {
  const candidates: number[] = [];
  lines.forEach((line, i) => {
    if (/^\s*(?:- )?[^#\s][^:#]*:(?:\s|$)/.test(line)) candidates.push(i);
  });
  if (candidates.length === 0) return null;
  const index = rng.pick(candidates);
  const line = lines[index] ?? '';
  const match = /^(\s*(?:- )?[^#\s][^:#]*:)(.*)$/.exec(line);
  if (!match) return null;
  return { index, head: match[1] ?? '', value: match[2] ?? '' };
}

function replaceValue(rng: Rng, text: string, values: readonly string[]): string {
  const lines = splitLines(text);
  const found = pickKeyLine(rng, lines);
  if (!found) return text + `\nkey: ${rng.pick(values)}\n`;
  const indent = /^\s*/.exec(found.head)?.[0].length ?? 0;
  const value = rng.pick(values).replace(/\n/g, `\n${' '.repeat(indent + 2)}`);
  lines[found.index] = `${found.head} ${value}`;
  return lines.join('\n');
}

const randomBytes: Mutator = (rng, text) => {
  let out = text;
  const edits = rng.between(1, 8);
  for (let i = 0; i < edits; i++) {
    const at = randomOffset(rng, out);
    const ch = rng.chance(0.8) ? rng.pick(NASTY_CHARS) : String.fromCharCode(rng.int(0x10000));
    switch (rng.int(3)) {
      case 0:
        out = insertAt(out, at, ch);
        break;
      case 1:
        out = out.slice(0, at) + ch + out.slice(at + 1);
        break;
      default:
        out = out.slice(0, at) + out.slice(at + rng.between(1, 4));
    }
  }
  return out;
};

const truncate: Mutator = (rng, text) => text.slice(0, randomOffset(rng, text));

const wrongTypeText: Mutator = (rng, text) => replaceValue(rng, text, WRONG_VALUES);

/** Swaps one node of the parsed value for a value of another type, then writes the YAML back. */
const wrongTypeTree: Mutator = (rng, text, ctx) => {
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch {
    return wrongTypeText(rng, text, ctx);
  }
  const replacements: unknown[] = [
    ['a', 'b'],
    [],
    { x: 1 },
    {},
    42,
    -1,
    0,
    1.5,
    Number.MAX_VALUE,
    1e21,
    -1e21,
    Infinity,
    -Infinity,
    NaN,
    null,
    true,
    false,
    '',
    ' ',
    'x'.repeat(300),
    [[[['deep']]]],
    { equals: [1] },
    { path: 'not-a-list' },
    { gt: 'x' },
    ['...'],
    { '': '' },
  ];
  const mutations = rng.between(1, 3);
  for (let m = 0; m < mutations; m++) value = replaceRandomNode(rng, value, rng.pick(replacements), 0);
  try {
    // noRefs writes every alias out in full: on an alias bomb that is the bomb going off in the harness.
    const noRefs = !text.includes('&') && rng.chance(0.5);
    return dump(value, { schema: CORE_SCHEMA, flowLevel: rng.chance(0.3) ? rng.int(4) : -1, lineWidth: -1, noRefs });
  } catch {
    return text;
  }
};

function replaceRandomNode(rng: Rng, node: unknown, replacement: unknown, depth: number): unknown {
  const isList = Array.isArray(node);
  const isMap = node !== null && typeof node === 'object' && !isList;
  if ((!isList && !isMap) || (depth > 0 && rng.chance(0.25))) return structuredClone(replacement);
  if (isList) {
    if (node.length === 0) return structuredClone(replacement);
    const copy = [...node];
    const i = rng.int(copy.length);
    copy[i] = replaceRandomNode(rng, copy[i], replacement, depth + 1);
    return copy;
  }
  const map = node as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.length === 0) return structuredClone(replacement);
  const key = rng.pick(keys);
  const copy = { ...map };
  // Now and then rename the key instead: typos, case changes, empty keys.
  if (rng.chance(0.15)) {
    const value = copy[key];
    delete copy[key];
    const renamed = rng.pick([
      key.toUpperCase(),
      `${key}s`,
      key.slice(1),
      '',
      ' ',
      '__proto__',
      'constructor',
      `${key}_`,
      key.replace(/./, 'x'),
    ]);
    copy[renamed] = value;
    return copy;
  }
  copy[key] = replaceRandomNode(rng, copy[key], replacement, depth + 1);
  return copy;
}

const hugeNumber: Mutator = (rng, text) => {
  const numbers = [...text.matchAll(/(?<=[\s:[,{-])\d+(?=[\s,\]}]|$)/gm)];
  if (numbers.length > 0 && rng.chance(0.5)) {
    const match = rng.pick(numbers);
    const at = match.index;
    return text.slice(0, at) + rng.pick(HUGE_NUMBERS) + text.slice(at + match[0].length);
  }
  return replaceValue(rng, text, HUGE_NUMBERS);
};

const deepNesting: Mutator = (rng, text) => {
  const depth = rng.pick([10, 63, 64, 65, 100, 1000, 10_000]);
  const closed = rng.chance(0.7);
  let nest: string;
  switch (rng.int(4)) {
    case 0:
      nest = '['.repeat(depth) + (closed ? ']'.repeat(depth) : '');
      break;
    case 1:
      nest = '{a: '.repeat(depth) + '1' + (closed ? '}'.repeat(depth) : '');
      break;
    case 2:
      nest = '[{a: '.repeat(Math.ceil(depth / 2)) + (closed ? '}]'.repeat(Math.ceil(depth / 2)) : '');
      break;
    default: {
      // Block style: the indentation grows with the depth, so keep it within the size limit.
      const levels = Math.min(depth, 1200);
      return text + '\n' + Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}${i % 2 ? '- ' : 'k:'}`).join('\n') + ' x\n';
    }
  }
  return replaceValue(rng, text, [nest]);
};

const aliasBomb: Mutator = (rng, text) => {
  const width = rng.between(2, 10);
  const levels = rng.between(2, 12);
  const defs: string[] = [`b0: &b0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let l = 1; l < levels; l++)
    defs.push(
      `b${l}: &b${l} [${Array(width)
        .fill(`*b${l - 1}`)
        .join(', ')}]`,
    );
  const variants = [
    () => `${defs.join('\n')}\n${text}`,
    () => replaceValue(rng, `${defs.join('\n')}\n${text}`, [`*b${levels - 1}`, `[*b${levels - 1}, *b${levels - 1}]`, `{<<: *b0}`]),
    () => replaceValue(rng, text, ['&a [*a]', '&a {x: *a}', '&a [[[*a]]]', '&m {<<: *m}']),
    () => `a: &a x\n${text}\nmany: [${Array(rng.between(90, 150)).fill('*a').join(', ')}]\n`,
    () => `d: &d ${'['.repeat(40)}${']'.repeat(40)}\n${text}\nn: ${'['.repeat(30)}*d${']'.repeat(30)}\n`,
    () => `m: &m {a: 1, b: 2}\n${text}\nmerged: {<<: [${Array(rng.between(2, 120)).fill('*m').join(', ')}]}\n`,
  ];
  return rng.pick(variants)();
};

const duplicateKey: Mutator = (rng, text) => {
  const lines = splitLines(text);
  const found = pickKeyLine(rng, lines);
  if (!found) return text;
  const copy = lines[found.index] ?? '';
  const to = rng.chance(0.5) ? found.index + 1 : rng.int(lines.length + 1);
  lines.splice(to, 0, rng.chance(0.5) ? copy : copy.replace(/:.*/, ': other'));
  return lines.join('\n');
};

const bom: Mutator = (rng, text) => {
  if (rng.chance(0.6)) return '\ufeff' + text;
  if (rng.chance(0.5)) return '\ufeff\ufeff' + text;
  const starts = lineStarts(text);
  return insertAt(text, rng.pick(starts), '\ufeff');
};

const newlines: Mutator = (rng, text) => {
  const style = rng.pick(['\r\n', '\r', 'mixed', '\u2028', '\u0085', '\n\n', '\r\r\n']);
  if (style === 'mixed') return text.replace(/\n/g, () => rng.pick(['\n', '\r\n', '\r']));
  return text.replace(/\n/g, style);
};

const nulBytes: Mutator = (rng, text) => {
  let out = text;
  const count = rng.between(1, 4);
  for (let i = 0; i < count; i++) out = insertAt(out, randomOffset(rng, out), '\0');
  return out;
};

/** What a lenient decoder makes of broken UTF-8 bytes: replacement characters, or Latin-1 mojibake. */
const invalidUtf8: Mutator = (rng, text) => {
  const bytes = Buffer.from(text, 'utf8');
  const out: number[] = [...bytes];
  const edits = rng.between(1, 6);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(out.length + 1);
    const bad = rng.pick([[0x80], [0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x92], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xfe, 0xff]]);
    out.splice(at, rng.chance(0.5) ? 1 : 0, ...bad);
  }
  const buffer = Buffer.from(out);
  if (rng.chance(0.2)) return buffer.toString('latin1');
  if (rng.chance(0.2)) return insertAt(text, randomOffset(rng, text), rng.pick(['\ud800', '\udc00', '\udbff\ud800']));
  return buffer.toString('utf8');
};

const longLine: Mutator = (rng, text) => {
  // Mostly cheap lengths; now and then one at or past the size limit (1 MiB).
  const length = rng.chance(0.9) ? rng.pick([200, 1000, 5000, 20_000]) : rng.pick([100_000, 500_000, 1_048_000, 1_100_000]);
  const unit = rng.pick(['x', 'é', ' ', '- ', 'a: ', '[', '\t', '#']);
  const filler = unit.repeat(Math.ceil(length / unit.length));
  switch (rng.int(4)) {
    case 0:
      return replaceValue(rng, text, [filler.replace(/[\n]/g, '')]);
    case 1:
      return replaceValue(rng, text, [`"${filler}"`]);
    case 2:
      return `${filler.slice(0, 200)}: 1\n${text}`;
    default:
      return insertAt(text, rng.pick(lineStarts(text)), `# ${filler}\n`);
  }
};

const tabs: Mutator = (rng, text) => {
  const all = rng.chance(0.3);
  return splitLines(text)
    .map((line) =>
      all || rng.chance(0.2)
        ? line.replace(/^( +)/, (spaces) => (rng.chance(0.5) ? '\t'.repeat(Math.max(1, spaces.length / 2)) : `\t${spaces.slice(1)}`))
        : line,
    )
    .join('\n')
    .replace(/- /g, (m) => (rng.chance(0.1) ? '-\t' : m));
};

const indentation: Mutator = (rng, text) => {
  const lines = splitLines(text);
  const edits = rng.between(1, 3);
  for (let e = 0; e < edits; e++) {
    const i = rng.int(lines.length);
    const line = lines[i] ?? '';
    lines[i] = rng.chance(0.5) ? ' '.repeat(rng.between(1, 4)) + line : line.replace(/^ {1,4}/, '');
  }
  return lines.join('\n');
};

const splice: Mutator = (rng, text, ctx) => {
  const other = splitLines(rng.pick(ctx.corpus));
  const lines = splitLines(text);
  const head = lines.slice(0, rng.int(lines.length + 1));
  const tail = other.slice(rng.int(other.length + 1));
  return [...head, ...tail].join('\n');
};

const shuffleLines: Mutator = (rng, text) => {
  const lines = splitLines(text);
  if (lines.length < 2) return text;
  const i = rng.int(lines.length);
  const j = rng.int(lines.length);
  switch (rng.int(3)) {
    case 0:
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      break;
    case 1:
      lines.splice(i, rng.between(1, 5));
      break;
    default:
      lines.splice(j, 0, ...lines.slice(i, i + rng.between(1, 6)));
  }
  return lines.join('\n');
};

const yamlFeatures: Mutator = (rng, text) => {
  const additions = [
    () => `%YAML 1.1\n---\n${text}`,
    () => `%TAG ! tag:example.com,2000:\n---\n${text}`,
    () => `---\n${text}`,
    () => `${text}\n...\n`,
    () => `${text}\n---\nsecond: document\n`,
    () => `${text}\n--- |\n  text\n`,
    () => `? [complex, key]\n: value\n${text}`,
    () => `&top\n${text}`,
    () => `!!map\n${text}`,
    () => `!!seq\n${text}`,
    () => `!custom\n${text}`,
    () => `x: &x {a: 1}\n${text.replace(/^(\S[^:\n]*):[ ]*$/m, '$1:\n  <<: *x')}`,
    () => text.replace(/^(\s*)(\w+):/m, '$1&anchor $2:'),
    () => text.replace(/^(\s*)(\w+):/m, '$1!!str $2:'),
    () => text.replace(/^(\s*)(\w+):/m, '$1"$2":'),
    () => text.replace(/^(\s*)(\w+):/m, '$1? $2\n$1:'),
  ];
  return rng.pick(additions)();
};

/**
 * A generated file: one entry copied hundreds or thousands of times under new keys, its value suffixed
 * too (so references dangle, names miss): what makes a per-entry check quadratic shows up here.
 */
const manyEntries: Mutator = (rng, text) => {
  const lines = splitLines(text);
  const candidates = lines.flatMap((line, i) => (/^(\s+)([\w-]+):(.*)$/.test(line) ? [i] : []));
  if (candidates.length === 0) return text;
  const at = rng.pick(candidates);
  const [, indent = '', key = '', value = ''] = /^(\s+)([\w-]+):(.*)$/.exec(lines[at] ?? '') ?? [];
  const copies = Math.min(rng.pick([50, 500, 3000, 20_000]), Math.floor(150_000 / ((lines[at] ?? '').length + 8)));
  const suffixValue = rng.chance(0.6) && /^\s*[\w-]+\s*$/.test(value);
  const added = Array.from({ length: copies }, (_, i) => `${indent}${key}_${i}:${suffixValue ? `${value.trimEnd()}_${i}` : value}`);
  lines.splice(at + 1, 0, ...added);
  return lines.join('\n');
};

export const MUTATORS: Readonly<Record<string, Mutator>> = {
  'random-bytes': randomBytes,
  truncate,
  'wrong-type': wrongTypeText,
  'wrong-type-tree': wrongTypeTree,
  'huge-number': hugeNumber,
  'deep-nesting': deepNesting,
  'alias-bomb': aliasBomb,
  'duplicate-key': duplicateKey,
  bom,
  newlines,
  'nul-bytes': nulBytes,
  'invalid-utf8': invalidUtf8,
  'long-line': longLine,
  tabs,
  indentation,
  splice,
  'shuffle-lines': shuffleLines,
  'yaml-features': yamlFeatures,
  'many-entries': manyEntries,
};

const NAMES = Object.keys(MUTATORS);

/** One to four mutations of `text`, and their names (for the failure message). */
export function mutate(rng: Rng, text: string, ctx: MutationContext): { text: string; ops: string[] } {
  const count = rng.chance(0.55) ? 1 : rng.between(2, 4);
  const ops: string[] = [];
  let out = text;
  for (let i = 0; i < count; i++) {
    // many-entries makes files of thousands of entries: a fifth of the others' share keeps the run quick.
    let name = rng.pick(NAMES);
    if (name === 'many-entries' && rng.chance(0.8)) name = rng.pick(NAMES);
    ops.push(name);
    out = (MUTATORS[name] as Mutator)(rng, out, ctx);
  }
  return { text: out, ops };
}
