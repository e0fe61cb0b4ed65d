// How deep parsed JSON nests, checked without recursion. JSON.parse itself is iterative, but every
// recursive walk after it (js-yaml's dump, deepEqual, JSON.stringify, structuredClone) overflows the
// stack somewhere past a few thousand levels and takes the whole run with it. One check right after
// parsing keeps every later walk shallow. Pure.

/** Nesting allowed in a Flow Debug API answer (the same limit as scenario and flow files, yaml/parse.ts). */
export const MAX_JSON_DEPTH = 64;

/** Keys of the path shown in the message; the path to a too-deep value is at least MAX_JSON_DEPTH long. */
const SHOWN_KEYS = 8;
const MAX_KEY_CHARS = 40;

interface Frame {
  container: unknown[] | Record<string, unknown>;
  /** Object keys; null for an array. */
  keys: string[] | null;
  length: number;
  next: number;
}

function open(value: object): Frame {
  if (Array.isArray(value)) return { container: value, keys: null, length: value.length, next: 0 };
  const keys = Object.keys(value);
  return { container: value as Record<string, unknown>, keys, length: keys.length, next: 0 };
}

/** Why `value` may not be used: it nests deeper than `maxDepth` containers (the root object or array is level 1). */
export function checkJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const where = findTooDeep(value, maxDepth);
  return where === undefined ? undefined : describeTooDeep(where, maxDepth);
}

/**
 * Where `value` nests deeper than `maxDepth` containers (the root object or array is level 1), as a
 * path such as `variables.a.a.a.a.a.a.a…`; undefined when it does not. Visits each value once (a
 * 12 MB answer in about a tenth of what JSON.parse took), and holds at most `maxDepth` frames, however
 * the input is shaped.
 */
export function findTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Frame[] = [open(value)];
  while (stack.length > 0) {
    const child = nextContainer(stack[stack.length - 1]!);
    if (child === undefined) stack.pop();
    else if (stack.length >= maxDepth) return describePath(stack);
    else stack.push(open(child));
  }
  return undefined;
}

/** The frame's next child that is an object or array, skipping scalars in a tight loop (a path is a million of them). */
function nextContainer(frame: Frame): object | undefined {
  const { container, keys, length } = frame;
  while (frame.next < length) {
    const child = keys === null ? (container as unknown[])[frame.next++] : (container as Record<string, unknown>)[keys[frame.next++]!];
    if (typeof child === 'object' && child !== null) return child;
  }
  return undefined;
}

/** The message for a value that nests too deep, e.g. for an INVALID_RESPONSE reason. */
export function describeTooDeep(where: string, maxDepth = MAX_JSON_DEPTH): string {
  return `nested deeper than ${maxDepth} levels at ${where}`;
}

function describePath(stack: Frame[]): string {
  let out = '';
  for (const frame of stack.slice(0, SHOWN_KEYS)) {
    const index = frame.next - 1;
    if (frame.keys === null) out += `[${index}]`;
    else {
      const key = frame.keys[index]!;
      // A long key is named by its length, never by a cut of its text: this text is made before any secret
      // is scrubbed from it, and a cut secret would no longer match its mask.
      if (key.length > MAX_KEY_CHARS) out += `[<key of ${key.length} characters>]`;
      else out += /^[A-Za-z_$][\w$]*$/.test(key) ? `${out === '' ? '' : '.'}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return stack.length > SHOWN_KEYS ? `${out}…` : out;
}
