// The scenario format (README, Scenario files), after loading: file defaults merged, positions kept.
import type { JsonValue } from './json.ts';
import type { MockOutcome } from './wire.ts';

/** A matcher map. All keys given must hold. */
export interface Matcher {
  equals?: JsonValue;
  matches?: string;
  oneOf?: JsonValue[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  exists?: boolean;
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';
}

/** A scalar is strict equality (type included); a map is a Matcher. */
export type VariableExpectation = string | number | boolean | null | Matcher;

/** Map form of expect.path. `contains` is an ordered subsequence. */
export interface PathPattern {
  startsWith?: string[];
  endsWith?: string[];
  contains?: string[];
  excludes?: string[];
}

/** A list is the exact sequence, where the item `...` stands for any run of nodes. */
export type PathExpectation = string[] | PathPattern;

/** The keys of the map form of expect.path. */
export type PathKey = keyof PathPattern;

export const PATH_WILDCARD = '...';

/** The word that stands for an expectation still to be recorded (`expect: record`; README, Accepting new behaviour). */
export const RECORD_EXPECT = 'record';

export interface Expectations {
  path?: PathExpectation;
  exit?: string | null;
  variables?: Record<string, VariableExpectation>;
  variablesAt?: Record<string, Record<string, VariableExpectation>>;
  maxDurationMs?: number;
  /** true: the scenario expects a loop (tests a loop guard); a loop is then not a finding, its absence is. */
  loops?: boolean;
}

export interface ScenarioInput {
  dtmf: string;
  speech: string;
}

export interface Scenario {
  /** Stable identity: `<file>#<index>` (used for sharding and report keys). */
  id: string;
  name: string;
  /** Path relative to the workspace, with forward slashes, as annotations need it. */
  file: string;
  /** 0-based position in the file's `scenarios` list. */
  index: number;
  /** 1-based line of the scenario's list item. */
  line: number;
  flow: string;
  input: ScenarioInput;
  /** File-level variables merged with the scenario's (scenario wins). */
  variables: Record<string, JsonValue>;
  /** Outcomes of the actions that reach outside the flow, for the emulator: file-level and scenario mocks merged by key (scenario wins); unset when none. */
  mocks?: Record<string, MockOutcome | MockOutcome[]>;
  /** The time the flow sees on the emulator (ISO 8601 with a zone); unset: the emulator's fixed default. */
  clock?: string;
  expect: Expectations;
  /** `expect: record`: no expectation yet; `run --update` writes what the run observes (expect is then empty). */
  record?: true;
  tags: string[];
  skip: boolean;
  loopThreshold?: number;
  maxLoops?: number;
  /**
   * 1-based lines of the scenario's keys, by dotted path relative to the scenario:
   * 'name', 'input', 'expect', 'expect.path', 'expect.exit', 'expect.variables.selected_option',
   * 'expect.variablesAt.node_x.var', 'expect.maxDurationMs', 'expect.loops'. Missing keys fall back to
   * `line`; use `lineOf` from scenario/lines.ts rather than reading this directly.
   */
  lines: Record<string, number>;
}

/** SCENARIO_MOCK: a mock key or branch that names nothing in the scenario's flow (flow/mock-checks.ts). */
export type LoadProblemCode =
  | 'SCENARIO_READ'
  | 'SCENARIO_YAML'
  | 'SCENARIO_SCHEMA'
  | 'SCENARIO_DUPLICATE_NAME'
  | 'SCENARIO_NONE_FOUND'
  | 'SCENARIO_MOCK';

export interface LoadProblem {
  code: LoadProblemCode;
  file: string;
  /** 1-based; 1 when the problem is with the whole file. */
  line: number;
  column?: number;
  /** Dotted key path inside the file, e.g. `scenarios[2].expect.path`; '' for the whole file. */
  key: string;
  message: string;
}

export interface LoadResult {
  /** Every file matched, relative, sorted. */
  files: string[];
  scenarios: Scenario[];
  problems: LoadProblem[];
}
