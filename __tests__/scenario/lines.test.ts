import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOf } from '../../src/scenario/lines.ts';
import type { Scenario } from '../../src/domain/scenario.ts';

const scenario: Scenario = {
  id: 'a.yaml#0',
  name: 'n',
  file: 'a.yaml',
  index: 0,
  line: 10,
  flow: 'f',
  input: { dtmf: '', speech: '' },
  variables: {},
  expect: {},
  tags: [],
  skip: false,
  lines: {
    name: 10,
    expect: 11,
    'expect.path': 12,
    'expect.path[1]': 13,
    'expect.variables': 14,
    'expect.variables.selected_option': 15,
    'expect.variables.dotted.name': 16,
    flow: 1,
  },
};

const cases: { key: string | undefined; line: number }[] = [
  { key: undefined, line: 10 },
  { key: '', line: 10 },
  { key: 'expect.path', line: 12 },
  { key: 'expect.path[1]', line: 13 },
  { key: 'expect.path[7]', line: 12 },
  { key: 'expect.variables.selected_option', line: 15 },
  { key: 'expect.variables.selected_option.lte', line: 15 },
  { key: 'expect.variables.dotted.name', line: 16 },
  { key: 'expect.variables.unknown', line: 14 },
  { key: 'expect.exit', line: 11 },
  { key: 'expect.variablesAt.node_x.v', line: 11 },
  { key: 'flow', line: 1 },
  { key: 'input.dtmf', line: 10 },
];

describe('lineOf', () => {
  for (const c of cases) {
    test(`${String(c.key)} → ${c.line}`, () => {
      assert.equal(lineOf(scenario, c.key), c.line);
    });
  }
});
