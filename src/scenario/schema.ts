// JSON Schema of a scenario file (README, Scenario files). It is the single source of the format: load.ts validates
// with it, and scripts/write-schemas.ts ships it as schemas/scenario.schema.json for editors.
// Every property carries a title and description because editors show them as help.
import { CLOCK_PATTERN } from '../domain/wire.ts';
import { MAX_LOOPS_CAP } from '../settings.ts';
import { RECORD_EXPECT } from '../domain/scenario.ts';

const nodeIdList = (title: string, description: string) => ({
  title,
  description,
  type: 'array',
  items: { type: 'string', minLength: 1 },
});

/** Capped as the action's input of the same name is: a scenario cannot ask for more than the input can. */
const loopCount = (title: string, description: string) => ({
  title,
  description,
  type: 'integer',
  minimum: 1,
  maximum: MAX_LOOPS_CAP,
});

/**
 * A value that is a map of operators or another shape, told apart by its JSON type: `if` on the type,
 * not an anyOf of the shapes. An editor's language server (yaml-language-server) then checks only the
 * shape of the value's own type, so a typo in the map is reported as the unknown key it is ("Property
 * gtee is not allowed", with the allowed keys as quick fixes), not as "Incorrect type" for the other
 * shape. `otherwise` only ever sees a value that is not a map, but lists 'object' among its types so
 * its type error names every shape accepted ("Expected one of array, object").
 */
function mapOr<T extends { type: string | string[] }>(map: object, otherwise: T) {
  const types = Array.isArray(otherwise.type) ? otherwise.type : [otherwise.type];
  return { if: { type: 'object' }, then: map, else: { ...otherwise, type: [...types, 'object'] } };
}

const matcher = {
  title: 'Variable matcher',
  description: 'Every key given must hold.',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    equals: { title: 'Equals', description: 'Deep equality with this value, type included (use it to compare objects and lists).' },
    matches: {
      title: 'Matches',
      description:
        'A JavaScript regular expression the value (a string) must match, run in linear time: no backreferences, lookahead or lookbehind.',
      type: 'string',
    },
    oneOf: { title: 'One of', description: 'The value must equal one of these.', type: 'array' },
    gt: { title: 'Greater than', description: 'The value must be a number greater than this.', type: 'number' },
    gte: { title: 'Greater than or equal', description: 'The value must be a number greater than or equal to this.', type: 'number' },
    lt: { title: 'Less than', description: 'The value must be a number less than this.', type: 'number' },
    lte: { title: 'Less than or equal', description: 'The value must be a number less than or equal to this.', type: 'number' },
    exists: { title: 'Exists', description: 'true: the variable must be set; false: it must not be set.', type: 'boolean' },
    type: {
      title: 'Type',
      description: 'The JSON type of the value.',
      enum: ['string', 'number', 'boolean', 'object', 'array', 'null'],
    },
  },
};

const variableExpectation = {
  title: 'Expected value',
  description:
    'A scalar is strict equality (type included: "2" is not 2); a map is a matcher. To expect a list or a map value, write { equals: ... }.',
  ...mapOr({ $ref: '#/definitions/matcher' }, { type: ['string', 'number', 'boolean', 'null'] }),
};

const variableExpectations = {
  title: 'Expected variables',
  description: 'Variable name → expected value or matcher.',
  type: 'object',
  additionalProperties: { $ref: '#/definitions/variableExpectation' },
};

const pathPattern = {
  title: 'Path pattern',
  description: 'Conditions on the routing path; every key given must hold.',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    startsWith: nodeIdList('Starts with', 'The path begins with these nodes, in this order.'),
    endsWith: nodeIdList('Ends with', 'The path ends with these nodes, in this order.'),
    contains: nodeIdList('Contains', 'These nodes appear in the path in this order, not necessarily adjacent.'),
    excludes: nodeIdList('Excludes', 'None of these nodes appears in the path.'),
  },
};

const expect = {
  title: 'Expectations',
  description: 'What the execution must show. Every key given is checked.',
  type: 'object',
  additionalProperties: false,
  properties: {
    path: {
      title: 'Routing path',
      description:
        'A list is the exact sequence of node ids, where the item "..." stands for any run of nodes; a map is a pattern (startsWith, endsWith, contains, excludes).',
      ...mapOr({ $ref: '#/definitions/pathPattern' }, nodeIdList('Exact path', 'Node ids in order; "..." matches any run of nodes.')),
    },
    exit: {
      title: 'Exit node',
      description: 'The node the flow exits at; null: the flow must not reach an exit.',
      type: ['string', 'null'],
    },
    variables: { $ref: '#/definitions/variableExpectations' },
    variablesAt: {
      title: 'Variables at nodes',
      description: 'Node id → expected variables, checked against the state recorded when that node ran.',
      type: 'object',
      additionalProperties: { $ref: '#/definitions/variableExpectations' },
    },
    maxDurationMs: {
      title: 'Maximum duration',
      description: 'The execution must take at most this many milliseconds.',
      type: 'number',
      minimum: 0,
    },
    loops: {
      title: 'Expects a loop',
      description: 'true: the scenario tests a loop guard, so a detected loop passes and its absence fails.',
      type: 'boolean',
    },
  },
};

/** Keys valid both at file level (as defaults) and on a scenario. */
const defaultableProperties = {
  flow: {
    title: 'Flow id',
    description: 'The flowId to run (CXone flow id, or the id of a flow definition file for the emulator).',
    type: 'string',
    minLength: 1,
  },
  variables: {
    title: 'Initial variables',
    description: 'Variables set before the flow starts. File-level and scenario variables are merged; the scenario wins.',
    type: 'object',
  },
  mocks: {
    title: 'Mocks',
    description:
      "Emulator only. Outcomes of the actions that reach outside the flow (REST calls, data dips, hours checks, any action the emulator does not execute), by action label, path name or id (a YAML flow: an External node's id). A list is one outcome per visit; past its end the last repeats. File-level and scenario mocks are merged; the scenario wins.",
    type: 'object',
    // One outcome or a list of them, told apart by type (an if, not an anyOf: editors then name a typo).
    additionalProperties: {
      if: { type: 'array' },
      then: { type: 'array', minItems: 1, items: { $ref: '#/definitions/mockOutcome' } },
      else: { $ref: '#/definitions/mockOutcome' },
    },
  },
  clock: {
    title: 'Clock',
    description:
      'Emulator only. The time the flow sees (time functions, hours checks), ISO 8601 with a zone: 2026-12-01T09:30:00-05:00. Default: 2026-01-05T09:00:00-05:00.',
    type: 'string',
    pattern: CLOCK_PATTERN,
    patternErrorMessage: 'an ISO 8601 date-time with a zone, e.g. 2026-12-01T09:30:00-05:00',
  },
  input: {
    title: 'Caller input',
    description: 'What the caller sends: DTMF digits and/or an utterance.',
    type: 'object',
    additionalProperties: false,
    properties: {
      dtmf: {
        title: 'DTMF digits',
        description: 'Keys pressed, digits 0-9, * and #. Quote it ("2") so leading zeros survive.',
        type: 'string',
        pattern: '^[0-9*#]*$',
        patternErrorMessage: 'a string of digits 0-9, * or #',
      },
      speech: { title: 'Speech', description: 'The caller utterance.', type: 'string' },
    },
  },
  tags: {
    title: 'Tags',
    description: "Labels for filtering and reports. File-level tags are added to each scenario's own.",
    type: 'array',
    items: { type: 'string', minLength: 1 },
  },
  skip: { title: 'Skip', description: 'true: the scenario is reported as skipped and not run.', type: 'boolean' },
  loopThreshold: loopCount(
    'Loop threshold',
    `A node visited more than this many times is a loop (overrides the loop-threshold input; at most ${MAX_LOOPS_CAP}).`,
  ),
  maxLoops: loopCount(
    'Maximum loops',
    `options.maxLoops sent to the Flow Debug API (overrides the max-loops input; at most ${MAX_LOOPS_CAP}).`,
  ),
};

export const scenarioFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cxone-flow-test scenario file',
  description: 'Scenarios that run NICE CXone IVR flows through the Flow Debug API. Keys at file level are defaults for each scenario.',
  type: 'object',
  additionalProperties: false,
  required: ['scenarios'],
  properties: {
    $schema: { title: 'JSON Schema', description: 'Where editors find this schema.', type: 'string' },
    ...defaultableProperties,
    scenarios: {
      title: 'Scenarios',
      description: 'The scenarios of this file, run in any order.',
      type: 'array',
      minItems: 1,
      items: { $ref: '#/definitions/scenario' },
    },
  },
  // Without a file-level flow, each scenario must name its own.
  if: { not: { required: ['flow'] } },
  then: {
    properties: {
      scenarios: {
        title: 'Scenarios',
        description: 'Without a file-level flow, every scenario sets its own.',
        type: 'array',
        items: { type: 'object', required: ['flow'] },
      },
    },
  },
  definitions: {
    scenario: {
      title: 'Scenario',
      description: 'One call through the flow and what it must show.',
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { title: 'Name', description: 'Unique within the file; shown in reports.', type: 'string', minLength: 1 },
        ...defaultableProperties,
        expect: {
          title: 'Expectations',
          description:
            'What the execution must show; the word record: none yet, `cxone-flow-test run --update` writes what the run observes (until then the scenario is not run).',
          // Not mapOr: a number or a list here is no string to quote, and the words say both shapes.
          if: { type: 'object' },
          then: { $ref: '#/definitions/expect' },
          else: { enum: [RECORD_EXPECT], patternErrorMessage: `a map of expectations or the word ${RECORD_EXPECT}` },
        },
      },
    },
    expect,
    mockOutcome: {
      title: 'Mock outcome',
      description:
        'What the mocked action does: assigns `variables`, then takes `branch` (a connector: Default, a case value, OnError, …; a YAML External node: one of its branches). No branch: Default (YAML: next).',
      type: 'object',
      additionalProperties: false,
      properties: {
        branch: { title: 'Branch', description: 'The connector taken.', type: 'string', minLength: 1 },
        variables: { title: 'Variables', description: 'Assigned before the branch is taken.', type: 'object' },
      },
    },
    pathPattern,
    matcher,
    variableExpectation,
    variableExpectations,
  },
};
