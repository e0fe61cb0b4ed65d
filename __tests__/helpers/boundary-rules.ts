// The boundary test's judgement of what the scanner (module-scan.ts) finds: which loads reach the outside
// world and which calls at import are harmless builtins. Kept apart from the test's allowlists so that
// the scanner's own tests can check the judgement on small modules.
import { builtinModules } from 'node:module';
import type { ImportUse } from './module-scan.ts';

/**
 * What reaches the outside world when loaded. A type-only import (`import type …`) is erased and loads
 * nothing; a specifier the scanner cannot read (`import(name)`, a `createRequire`) may be any of these.
 */
export const OUTSIDE = [
  /^node:(fs|fs\/promises|http|https|http2|net|tls|dgram|dns|dns\/promises|child_process|worker_threads|cluster)$/,
  /^@actions\//,
  /^tinyglobby$/,
  /^tunnel$/,
  /^globalThis\.fetch$/,
  /^<computed: /,
];

/**
 * Calls that run at import everywhere without a listing: builtins that build a value and touch nothing.
 * Array methods on a value count too; a call that makes their receiver, or a function they are handed, is
 * judged on its own.
 */
export const PURE_CALLS = new Set([
  'new Set',
  'new Map',
  'new WeakMap',
  'new WeakSet',
  'Object.freeze',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.fromEntries',
  'Math.max',
  'Math.min',
  'Math.ceil',
  'Math.sqrt',
  'Number.isFinite',
  'Symbol',
  'Symbol.for',
  'String.raw',
]);
const PURE_METHOD = /\.(map|filter|flatMap|join|slice|concat|includes)$/;

/** `fs` and `node:fs` are the same module. */
export const normalize = (specifier: string) => (builtinModules.includes(specifier) ? `node:${specifier}` : specifier);
export const reachesOutside = (use: ImportUse) => !use.typeOnly && OUTSIDE.some((re) => re.test(normalize(use.specifier)));
export const isPureCall = (what: string) => PURE_CALLS.has(what) || PURE_METHOD.test(what);
