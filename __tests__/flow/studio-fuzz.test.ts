// Studio JSON fuzzing: seeded mutations of a valid script, in its structure and in its text.
// Each must end in a script or in problems that carry the file and a line of it, never an exception;
// a loaded script must go through the static checks and coverage. Bounded by counts; the test's own
// timeout is the hang guard.   FUZZ_SEED=<n>|random  another run   FUZZ_TEXTS=<n>  more mutated files
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkFlowGraph } from '../../src/analysis/graph.ts';
import { computeCoverage } from '../../src/analysis/coverage.ts';
import { flowEdges } from '../../src/domain/flow.ts';
import { parseLoadedFlowFile } from '../../src/flow/load.ts';
import { FIXTURES } from '../helpers/action.ts';
import { caseRng, readCount, readSeed, type Rng } from '../fuzz/helpers/prng.ts';

const TEXT = readFileSync(path.join(FIXTURES, 'studio/main-ivr.json'), 'utf8');
const seed = readSeed(20_261_202);
const texts = readCount('FUZZ_TEXTS', 2000);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ODD_VALUES: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  '',
  ' ',
  '__proto__',
  'BEGIN',
  'X#7',
  '#',
  '99',
  [],
  {},
  [[[]]],
  { to: 3 },
  'é\u0000\u202e',
];
const ODD_KEYS = ['__proto__', 'constructor', '', '0', '-1', '007', '1e3', 'name', 'to', 'type', '#3'];

/** Every container in the tree with a path to it, for picking one to mutate. */
function containers(root: Json): Json[] {
  const out: Json[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const v = stack.pop() as Json;
    if (v === null || typeof v !== 'object') continue;
    out.push(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return out;
}

/** An own property, even `__proto__` (plain assignment would replace the prototype: JSON.stringify would drop it). */
function set(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutateTree(rng: Rng, root: Json): void {
  const target = rng.pick(containers(root));
  const keys = Array.isArray(target) ? target.map((_, i) => String(i)) : Object.keys(target as object);
  const slot = target as Record<string, Json>;
  // Lists keep to indexes: an array with a `constructor` key is no JSON and breaks the test's own walks.
  const odd = Array.isArray(target) ? String(target.length) : rng.pick(ODD_KEYS);
  const key = keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : odd;
  switch (rng.int(5)) {
    case 0:
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete slot[key];
      break;
    case 1:
      set(slot, key, structuredClone(rng.pick(ODD_VALUES)));
      break;
    case 2:
      set(
        slot,
        Array.isArray(target) ? String(target.length) : rng.pick(ODD_KEYS),
        structuredClone(Object.hasOwn(slot, key) ? (slot[key] as Json) : null),
      );
      break;
    case 3: {
      // A plausible edit: another type name, another target, another label.
      const action =
        root && typeof root === 'object' && !Array.isArray(root) ? (root['actions'] as Record<string, Record<string, Json>>) : undefined;
      const ids = action && typeof action === 'object' ? Object.keys(action) : [];
      const a = ids.length > 0 ? action?.[rng.pick(ids)] : undefined;
      if (a && typeof a === 'object' && !Array.isArray(a))
        set(a, rng.pick(['name', 'label', 'actionId']), rng.pick(['HOURS', 'MENU', 'Main Menu', 'Hold Wait#8', '', 3, 'END']));
      break;
    }
    default:
      set(slot, key, JSON.parse(JSON.stringify(root)) as Json);
  }
}

function mutateText(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(5)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + text.slice(at + rng.between(1, 40));
    case 2:
      return (
        text.slice(0, at) +
        rng.pick(['{', '}', '[', ']', ',', ':', '"', '\\', '//', '/*', '\n', '\u0000', 'NaN', '"a":1,', '\uFEFF']) +
        text.slice(at)
      );
    case 3: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    default:
      return `${'['.repeat(rng.between(1, 5000))}${text}`;
  }
}

test(`${texts} mutated Studio scripts: a script or problems with file and line, never a throw (seed ${seed})`, () => {
  const outcome = { loaded: 0, refused: 0, checked: 0 };
  for (let i = 0; i < texts; i++) {
    const rng = caseRng(seed, i);
    let text: string;
    if (rng.chance(0.6)) {
      const tree = JSON.parse(TEXT) as Json;
      for (let n = rng.between(1, 4); n > 0; n--) mutateTree(rng, tree);
      text = JSON.stringify(tree, null, rng.chance(0.5) ? 2 : undefined);
    } else text = mutateText(rng, TEXT);
    const file = 'fuzz/Main IVR.json';
    let result: ReturnType<typeof parseLoadedFlowFile>;
    try {
      result = parseLoadedFlowFile(text, file);
    } catch (error) {
      assert.fail(`case ${i} (FUZZ_SEED=${seed}) threw: ${(error as Error).stack}`);
    }
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const p of result.problems) {
      assert.equal(p.file, file, `case ${i}: ${p.message}`);
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line <= lines, `case ${i}: line ${p.line} of ${lines}: ${p.message}`);
      assert.ok(p.message.length > 0 && p.message.length <= 2000, `case ${i}: a bounded message`);
    }
    if (!result.flow) {
      assert.ok(result.problems.length > 0, `case ${i}: refused without a problem`);
      outcome.refused++;
      continue;
    }
    outcome.loaded++;
    const flow = result.flow;
    assert.equal(new Set(Object.keys(flow.nodes)).size, Object.keys(flow.nodes).length);
    assert.ok(Object.hasOwn(flow.nodes, flow.start), `case ${i}: start '${flow.start}' is an action`);
    const findings = checkFlowGraph(flow);
    for (const f of findings) assert.ok(f.line >= 1 && f.line <= lines, `case ${i}: finding ${f.code} on line ${f.line}`);
    const edges = flowEdges(flow);
    const [coverage] = computeCoverage([flow], [{ flowId: flow.id, path: [flow.start], trace: [] }]);
    assert.equal(coverage?.edges.total, edges.length);
    outcome.checked++;
  }
  // Both outcomes must occur, or the mutations test only one side of the loader.
  assert.ok(outcome.loaded > texts / 20 && outcome.refused > texts / 20, JSON.stringify(outcome));
});
