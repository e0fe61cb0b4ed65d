// The behaviour_changes section and its renderings: masked variables, budgets with counts, escaping of what
// inputs and reports carry, the section first in the summary and comment, notices within GitHub's cap.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BehaviourChange, InputDiff } from '../../src/analysis/behaviour-diff.ts';
import type { FlowChange } from '../../src/analysis/flow-diff.ts';
import { MAX_NOTICE_ANNOTATIONS, planAnnotations } from '../../src/report/annotations.ts';
import {
  buildBehaviourSection,
  MAX_REPORT_CHANGES,
  MAX_VARIABLE_VALUE_CHARS,
  skippedBehaviourSection,
} from '../../src/report/behaviour.ts';
import { COMMENT_BEHAVIOUR_VIEW, renderBehaviourSection, SUMMARY_BEHAVIOUR_VIEW } from '../../src/report/behaviour-markdown.ts';
import { commentMarker, renderPrComment } from '../../src/report/pr-comment.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { fixtureReport } from './golden.ts';

function change(i: number, extra: Partial<BehaviourChange> = {}): BehaviourChange {
  return {
    code: 'REROUTED',
    name: `caller ${i}`,
    flow_id: `flow-${i % 12}`,
    origin: 'scenario',
    file: 'cxone-tests/menu.yaml',
    line: i + 1,
    input: { dtmf: String(i), speech: '' },
    before: { kind: 'ran', exit: 'x', destination: { node: 'node_a' }, steps: 4 },
    after: { kind: 'ran', exit: 'x', destination: { node: `node_${i % 3}` }, steps: 4 },
    path_edits: [
      { op: 'missing', node: 'node_a', index: 2, after: 'm' },
      { op: 'unexpected', node: `node_${i % 3}`, index: 2 },
    ],
    path_edit_count: 2,
    variables: [],
    ...extra,
  };
}

function flowChange(i: number): FlowChange {
  return {
    flow_id: `flow-${i}`,
    file: `flows/f${i}.yaml`,
    line: 1,
    status: 'changed',
    counts: { nodes_added: 1, nodes_removed: 0, connectors_added: 1, connectors_removed: 1 },
    nodes_added: ['node_new'],
    nodes_removed: [],
    connectors_added: [{ from: 'm', to: 'node_new', label: 'option 2' }],
    connectors_removed: [{ from: 'm', to: 'node_a', label: 'option 2' }],
    changed_inputs: 1,
  };
}

const diffOf = (changed: BehaviourChange[], unchanged = 3): InputDiff => ({
  compared: changed.length + unchanged,
  changed,
  unchanged,
  not_compared: 0,
});

describe('behaviour_changes', () => {
  test('variables of redact-variables are masked by name, before and after', () => {
    const section = buildBehaviourSection({
      comparedTo: { ref: 'main' },
      diff: diffOf([
        change(1, {
          code: 'VARIABLES_CHANGED',
          variables: [
            { name: 'card_number', before: '4111', after: '4222' },
            { name: 'tier', before: 'a', after: 'b' },
          ],
        }),
      ]),
      flows: [],
      redacted: (n) => n.includes('card'),
    });
    assert.deepEqual(section.changes[0]!.variables, [
      { name: 'card_number', before: '***', after: '***' },
      { name: 'tier', before: 'a', after: 'b' },
    ]);
    assert.ok(!section.changes[0]!.message.includes('4111'));
  });

  test('a huge variable value is written as its JSON cut short', () => {
    const big = { list: Array.from({ length: 1000 }, (_, i) => i) };
    const section = buildBehaviourSection({
      comparedTo: { ref: 'main' },
      diff: diffOf([change(1, { code: 'VARIABLES_CHANGED', variables: [{ name: 'data', before: big, after: 1 }] })]),
      flows: [],
      redacted: () => false,
    });
    const v = section.changes[0]!.variables[0]!;
    assert.equal(typeof v.before, 'string');
    assert.ok((v.before as string).length <= MAX_VARIABLE_VALUE_CHARS && (v.before as string).startsWith('{"list":[0,1,2'));
    assert.equal(v.after, 1);
  });

  test('many changes: the report keeps the first ones and counts them all; the summary and comment cut further and say so', () => {
    const many = Array.from({ length: 250 }, (_, i) => change(i));
    const section = buildBehaviourSection({ comparedTo: { ref: 'main' }, diff: diffOf(many), flows: [], redacted: () => false });
    assert.equal(section.changed, 250);
    assert.equal(section.changes.length, MAX_REPORT_CHANGES);
    assert.deepEqual(section.truncated?.changes, { shown: MAX_REPORT_CHANGES, total: 250 });
    const summary = renderBehaviourSection(section, SUMMARY_BEHAVIOUR_VIEW);
    assert.equal(summary.match(/<details>/g)?.length, SUMMARY_BEHAVIOUR_VIEW.maxChanges);
    assert.match(summary, /… and 200 more changed inputs: every one is in the report's `behaviour_changes`/);
    const comment = renderBehaviourSection(section, COMMENT_BEHAVIOUR_VIEW);
    assert.equal(comment.match(/<details>/g)?.length, COMMENT_BEHAVIOUR_VIEW.maxChanges);
    assert.ok(comment.length < 20_000, `the comment's section stays small: ${comment.length}`);
  });

  test('names and nodes from files are escaped: no HTML, no mention, no table break', () => {
    const hostile = change(1, {
      name: '<img src=x> @team | `x`',
      path_edits: [{ op: 'unexpected', node: '```\n</details>', index: 1 }],
      path_edit_count: 1,
    });
    const section = buildBehaviourSection({ comparedTo: { ref: 'main' }, diff: diffOf([hostile]), flows: [], redacted: () => false });
    const md = renderBehaviourSection(section, SUMMARY_BEHAVIOUR_VIEW);
    assert.ok(!md.includes('<img'));
    assert.ok(!md.includes('@team'));
    assert.match(md, /````diff\n\+ ```\n<\/details> \(step 1\)\n````/, 'a longer fence than any run inside');
  });

  test('the summary and the pull-request comment show the section before the results', () => {
    const report = fixtureReport('mixed');
    report.behaviour_changes = buildBehaviourSection({
      comparedTo: { ref: 'main', commit: 'a'.repeat(40) },
      diff: diffOf([change(1)]),
      flows: [],
      redacted: () => false,
    });
    const summary = renderSummary(report);
    const at = summary.indexOf('### Behaviour changes');
    assert.ok(at > 0 && at < summary.indexOf('Failing because') && at < summary.indexOf('### Scenarios'));
    assert.match(summary, /Compared with <code>main<\/code> \(<code>aaaaaaa<\/code>\): \*\*1 of 4 inputs behaves differently\*\*/);
    const comment = renderPrComment(report, { marker: commentMarker('x') });
    assert.ok(comment.indexOf('#### Behaviour changes') < comment.indexOf('Failing because'), comment);
  });

  test('a comparison that could not be made is a warning in the summary and one warning annotation', () => {
    const report = fixtureReport('passing');
    report.behaviour_changes = skippedBehaviourSection({ ref: 'main' }, "'compare-to' 'main' is not in this clone");
    assert.match(renderSummary(report), /### Behaviour changes\n\n> \[!WARNING\]\n> 'compare-to' 'main' is not in this clone/);
    const warnings = planAnnotations(report).shown.filter((a) => a.level === 'warning' && a.title === 'No behaviour comparison');
    assert.equal(warnings.length, 1);
  });

  test("notices: one per changed flow file, within GitHub's ten, the rest counted", () => {
    const report = fixtureReport('passing');
    const flows = Array.from({ length: 14 }, (_, i) => flowChange(i));
    report.behaviour_changes = buildBehaviourSection({
      comparedTo: { ref: 'main' },
      diff: diffOf(Array.from({ length: 24 }, (_, i) => change(i))),
      flows,
      redacted: () => false,
    });
    const plan = planAnnotations(report);
    const notices = plan.shown.filter((a) => a.level === 'notice');
    assert.equal(notices.length, MAX_NOTICE_ANNOTATIONS);
    assert.equal(plan.omittedNotices, 4);
    assert.deepEqual(notices[0]!.file, 'flows/f0.yaml');
    assert.match(notices[0]!.message, /actions: 1 added; connectors: 1 added, 1 removed/);
  });
});

test("a flow's notice: one changed input behaves, two behave", async () => {
  const { describeFlowChange } = await import('../../src/report/wording.ts');
  const flow = (changed_inputs: number, structure: FlowChange['structure']): FlowChange => ({
    flow_id: 'menu',
    status: 'changed',
    ...(structure ? { structure } : {}),
    counts: { nodes_added: 0, nodes_removed: 0, connectors_added: 1, connectors_removed: 1 },
    nodes_added: [],
    nodes_removed: [],
    connectors_added: [],
    connectors_removed: [],
    changed_inputs,
  });
  for (const structure of [undefined, 'unknown'] as const) {
    assert.match(describeFlowChange(flow(1, structure)), /1 input behaves differently$/);
    assert.match(describeFlowChange(flow(2, structure)), /2 inputs behave differently$/);
  }
});

test('a missing ref: a name or commit can be fetched by itself, a ref relative to another only with more history', async () => {
  const { describeMissingRef } = await import('../../src/report/wording.ts');
  const sha = 'a'.repeat(40);
  assert.match(describeMissingRef("'compare-to'", sha, 'missing', ''), new RegExp(`git fetch origin ${sha} --depth=1`));
  assert.match(describeMissingRef("'compare-to'", 'main', 'missing', ''), /git fetch origin main --depth=1/);
  for (const relative of ['HEAD~1', 'main^', 'main@{1}']) {
    const words = describeMissingRef("'compare-to'", relative, 'missing', '');
    assert.match(words, /fetch-depth: 0/);
    assert.match(words, /git fetch --deepen=/);
    assert.ok(!words.includes(`git fetch origin ${relative}`), words);
  }
});
