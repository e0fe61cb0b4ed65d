// One registry of everything that must never be printed or written: the client and access-key secrets,
// issued tokens, generated emulator credentials, URL userinfo, and the values of redact-variables.
// Every output channel (log lines, error messages, the report and what is rendered from it) passes
// through scrub() before anything is truncated, so no prefix of a secret can survive a cut.

export const MASK = '***';

/**
 * Values of redact-variables shorter than this are not scrubbed out of free text: blanking every "12"
 * or "yes" would garble the report. They are still masked where they are known by name.
 */
export const MIN_SCRUBBED_LENGTH = 4;

/**
 * A credential shorter than this is masked only where it stands alone (not inside a longer run of
 * letters, digits, `_` or `-`): masked as a substring, a client secret "base" would turn every
 * "base-url" into "***-url". No CXone credential is this short (client secrets, access-key secrets
 * and tokens are long random strings), so such a value is a placeholder or a wrong secret, and the run
 * warns (shortSecretWarnings). Every wire form of a secret is delimited (`=base&`, `"base"`), so a
 * value echoed back is still masked. It is not registered with the runner either: GitHub's masker
 * replaces a value inside any word, a one-letter secret every such letter.
 */
export const SHORT_SECRET_CHARS = 8;

export interface SecretSetOptions {
  /**
   * For values learned while text is already being made and cut (redact-variables): a start of one
   * right before a cut mark is masked too. Secrets are all known before any text is made.
   */
  maskCutPrefixes?: boolean;
  /** Values shorter than this are not masked at all. */
  minLength?: number;
  /** Values shorter than this are masked only where they stand alone (SHORT_SECRET_CHARS). */
  wholeWordsBelow?: number;
}

/** The values of redact-variables: data, masked inside other text too once 4 characters long. */
export const REDACTED_VALUES: SecretSetOptions = { maskCutPrefixes: true, minLength: MIN_SCRUBBED_LENGTH, wholeWordsBelow: 0 };

/** Whether a secret value goes to core.setSecret: not one so short that the runner's masking would garble the log. */
export function registersWithRunner(value: string): boolean {
  return value.length >= SHORT_SECRET_CHARS;
}

/** Letters, digits, `_` and `-`: what a short secret must not touch on either side to be masked. */
const WORD_CHAR = '[\\p{L}\\p{N}_-]';

/** What every cut in the project leaves where it cut (excerpt, formatValue, truncate). */
export const CUT_MARK = '…';
/** The longest start of a value looked for before a cut mark, and the marks looked at in one string. */
const MAX_CUT_PREFIX = 128;
const MAX_CUT_MARKS = 8;

/**
 * The forms a secret takes on the wire: as typed, form- and URL-encoded, and JSON-escaped the ways
 * servers write it (JSON.stringify's, with `\/` as PHP writes slashes, with \uXXXX for non-ASCII as
 * Python writes it).
 */
export function secretForms(value: string): string[] {
  const forms = new Set([value]);
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(encodeURIComponent(value));
  const json = JSON.stringify(value).slice(1, -1);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const form of [json, ascii]) {
    forms.add(form);
    forms.add(form.replaceAll('/', '\\/'));
  }
  return [...forms];
}

/** `Authorization: Basic base64(user:password)`, as the access-key grant sends it. */
export function basicAuthForm(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

export class SecretSet {
  private readonly values = new Set<string>();
  private readonly listeners: ((value: string) => void)[] = [];
  private pattern: RegExp | null | undefined;
  private starts: { starts: Set<string>; longest: number } | undefined;

  private readonly maskCutPrefixes: boolean;
  private readonly minLength: number;
  private readonly wholeWordsBelow: number;

  /** The default is for credentials; REDACTED_VALUES for the values of redact-variables. */
  constructor(options: SecretSetOptions = {}) {
    this.maskCutPrefixes = options.maskCutPrefixes ?? false;
    this.minLength = options.minLength ?? 1;
    this.wholeWordsBelow = options.wholeWordsBelow ?? SHORT_SECRET_CHARS;
  }

  /** Called with every form of every secret added from now on (the action passes core.setSecret). */
  onAdd(listener: (value: string) => void): void {
    this.listeners.push(listener);
    for (const value of this.values) listener(value);
  }

  /** Adds a secret in all its wire forms. */
  add(value: string | undefined): void {
    if (value === undefined || value === '') return;
    for (const form of secretForms(value)) this.addExact(form);
  }

  /** Adds one exact string (a Basic-auth header value, say) without deriving other forms. */
  addExact(value: string): void {
    if (value === '' || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
    this.starts = undefined;
    for (const listener of this.listeners) listener(value);
  }

  /** The user:password of a URL, when it has one. */
  addUrlUserinfo(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    if (parsed.password !== '') {
      this.addExact(parsed.password);
      // A password such as "50%off" is not valid percent-encoding: then it is a secret as written.
      try {
        this.add(decodeURIComponent(parsed.password));
      } catch {
        this.add(parsed.password);
      }
    }
  }

  get size(): number {
    return this.values.size;
  }

  has(text: string): boolean {
    return this.values.has(text);
  }

  /**
   * Every known secret replaced by ***, longest first so a secret containing another goes whole. With
   * `maskCutPrefixes`, also a start of one standing right before a cut mark (…): text cut before the
   * value was known (a value redacted only by a later scenario) keeps such a prefix.
   */
  scrub(text: string): string {
    const pattern = this.compiled();
    if (pattern === null) return text;
    const whole = text.replace(pattern, MASK);
    return this.maskCutPrefixes && whole.includes(CUT_MARK) ? this.scrubCutPrefixes(whole) : whole;
  }

  /**
   * Bounded work whatever the text: the first MAX_CUT_MARKS marks of a string, each looked up against a
   * set of the values' starts (4 to MAX_CUT_PREFIX characters), longest first.
   */
  private scrubCutPrefixes(text: string): string {
    const { starts, longest } = this.cutStarts();
    let out = text;
    let marks = 0;
    for (let at = out.indexOf(CUT_MARK); at >= 0 && marks < MAX_CUT_MARKS; at = out.indexOf(CUT_MARK, at + 1), marks++) {
      for (let k = Math.min(longest, at); k >= Math.max(this.minLength, MIN_SCRUBBED_LENGTH); k--) {
        if (!starts.has(out.slice(at - k, at))) continue;
        out = `${out.slice(0, at - k)}${MASK}${out.slice(at)}`;
        at += MASK.length - k;
        break;
      }
    }
    return out;
  }

  private cutStarts(): { starts: Set<string>; longest: number } {
    if (this.starts) return this.starts;
    const starts = new Set<string>();
    let longest = 0;
    for (const value of this.values) {
      const end = Math.min(value.length - 1, MAX_CUT_PREFIX);
      for (let k = Math.max(this.minLength, MIN_SCRUBBED_LENGTH); k <= end; k++) starts.add(value.slice(0, k));
      longest = Math.max(longest, end);
    }
    this.starts = { starts, longest };
    return this.starts;
  }

  private compiled(): RegExp | null {
    if (this.pattern !== undefined) return this.pattern;
    const masked = [...this.values].filter((v) => v.length >= this.minLength).sort((a, b) => b.length - a.length);
    const anywhere = masked.filter((v) => v.length >= this.wholeWordsBelow).map(escapeRegExp);
    const alone = masked.filter((v) => v.length < this.wholeWordsBelow).map(escapeRegExp);
    // Longest first, so a secret containing another goes whole; the short ones only as whole words.
    if (alone.length > 0) anywhere.push(`(?<!${WORD_CHAR})(?:${alone.join('|')})(?!${WORD_CHAR})`);
    this.pattern = anywhere.length === 0 ? null : new RegExp(anywhere.join('|'), 'gu');
    return this.pattern;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A URL without user:password@ (and without the query string), safe to print or to keep in a report. */
export function stripUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href.replace(/\/+$/, '');
  } catch {
    // Not a URL (a password with a raw "/", say): everything from "//" to the last "@" may be userinfo.
    return url.replace(/\/\/.*@/s, '//');
  }
}

/**
 * Applies scrub to every string of a JSON-like value without recursion (an API answer may nest
 * deeply), and scrubKey to every key (a variable named after a token is still a token). Returns the
 * same object, changed in place: the report is built fresh for each run.
 */
export function scrubDeep<T>(root: T, scrub: (text: string) => string, scrubKey: (text: string) => string = scrub): T {
  if (typeof root === 'string') return scrub(root) as T;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === 'string') node[i] = scrub(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      const clean = scrubKey(key);
      if (clean !== key) {
        delete record[key];
        Object.defineProperty(record, clean, { value, enumerable: true, writable: true, configurable: true });
      }
      if (typeof value === 'string') record[clean] = scrub(value);
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return root;
}
