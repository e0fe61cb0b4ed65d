import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countEdges, MAX_MERMAID_NODES, mermaidText, renderPathChart } from '../../src/report/mermaid.ts';
import { scenario } from '../helpers/report.ts';
import { fixtureReport } from './golden.ts';

const byName = (name: string, file: string) => fixtureReport('mixed').scenarios.find((s) => s.name === name && s.file === file)!;

describe('renderPathChart', () => {
  test('a 50-iteration loop is one edge per step of the cycle, labelled with its count, drawn as a loop', () => {
    const chart = renderPathChart(byName('Silence gives up after three tries', 'cxone-tests/loop.yaml'))!;
    const links = chart.split('\n').filter((l) => /-->|-\.->/.test(l));
    assert.deepEqual(links, ['  n0 --> n1', '  n1 -->|"×50"| n2', '  n2 -->|"×50"| n3', '  n3 -->|"×50"| n1']);
    assert.match(chart, /^ {2}linkStyle 1,2,3 stroke:#bf8700/m);
    assert.match(chart, /^ {2}class n1,n2,n3 loop$/m);
    assert.equal(chart.match(/\["node_menu"\]/g)?.length, 1, 'each node once');
  });

  test('the divergence node is highlighted and the expected node drawn as a dashed ghost', () => {
    const chart = renderPathChart(byName('Option 2 routes to support', 'cxone-tests/mismatch.yaml'))!;
    assert.match(chart, /^ {2}n2\["node_route_sales"\]$/m);
    assert.match(chart, /^ {2}class n2 divergence$/m);
    assert.match(chart, /^ {2}expected\["expected: node_route_support"\]$/m);
    assert.match(chart, /^ {2}n1 -\.->\|"expected"\| expected$/m);
    assert.match(chart, /^ {2}class n3 exit$/m);
  });

  test('past MAX_MERMAID_NODES distinct nodes the rest is counted in a visible note', () => {
    const path = Array.from({ length: MAX_MERMAID_NODES + 7 }, (_, i) => `node_${i}`);
    const chart = renderPathChart(scenario({ name: 'long', execution_summary: { ...scenario({ name: 'x' }).execution_summary!, path } }))!;
    assert.equal(chart.match(/^ {2}n\d+\[/gm)?.length, MAX_MERMAID_NODES - 1, 'boxes, the start is round');
    assert.match(chart, /more\["… 7 more nodes not drawn \(40 shown\)"\]/);
  });

  test('nothing ran, no chart', () => {
    assert.equal(renderPathChart(scenario({ name: 'x', execution_summary: undefined })), undefined);
  });

  test('labels from the API cannot close the label or inject markup', () => {
    assert.equal(mermaidText('a"]; click n0 "javascript:x"<b>'), 'a#34;#93;#59; click n0 #34;javascript:x#34;#60;b#62;');
    const chart = renderPathChart(
      scenario({ name: 'x', execution_summary: { ...scenario({ name: 'x' }).execution_summary!, path: ['a"]-->b', '```'] } }),
    )!;
    assert.ok(!chart.includes('```'));
    assert.ok(!chart.includes('"]-->'));
  });

  test('edges are counted in one pass, in the order first taken', () => {
    assert.deepEqual(countEdges(['a', 'b', 'a', 'b', 'c']), [
      { from: 'a', to: 'b', count: 2 },
      { from: 'b', to: 'a', count: 1 },
      { from: 'b', to: 'c', count: 1 },
    ]);
  });
});
