import { describe, expect, test } from 'vitest';
import type { FigureData } from '../../src/claims/claim.js';
import { droppedPoints, figureFileName, renderFigure } from '../../src/report/figures.js';
import { fakeOutcome } from './fixtures/fake-outcome.js';
import { xmlRootName } from './support/xml-well-formed.js';

const figures = fakeOutcome('energy-monotonicity').illustration!.figures;
const grid = [1, 2, 4, 8, 16];
const bar: FigureData = {
  name: 'alignment',
  title: 'Alignment histogram <cos θ> & more',
  xLabel: 'cos θ',
  yLabel: 'count',
  mark: 'bar',
  series: [
    { name: 'β = 1', x: [-0.5, 0, 0.5, 1], y: [3, 5, 9, 20] },
    { name: 'β = 9', x: [-0.5, 0, 0.5, 1], y: [0, 1, 4, 31] },
  ],
};
const logLog: FigureData = {
  name: 'critical',
  title: 't* versus log β',
  xLabel: 'β',
  yLabel: 't*',
  logX: true,
  logY: true,
  series: [
    { name: 'measured', x: [0, ...grid, Number.NaN], y: [1, ...grid.map((b) => Math.log(b + 1)), 2] },
    { name: 'predicted slope', x: grid, y: grid.map((b) => 0.7 * Math.log(b + 1)) },
  ],
  caption: 'Fitted and predicted.',
};

describe('renderFigure', () => {
  test.each([...figures, bar, logLog].map((f) => [f.name, f] as const))('%s: well-formed SVG with an <svg> root, same bytes twice', async (_, figure) => {
    const first = await renderFigure(figure, `x-${figure.name}`);
    await renderFigure(bar); // other figures in between must not shift ids
    const second = await renderFigure(figure, `x-${figure.name}`);
    expect(xmlRootName(first.svg)).toBe('svg');
    expect(first.svg).toBe(second.svg);
    expect(first.svg).toContain(figure.title.replace('<', '&lt;').replace('&', '&amp;').split(' ')[0]);
    for (const s of figure.series) if (figure.series.length > 1) expect(first.svg).toContain(s.name);
  });

  test('escapes markup in titles and drops unplottable points', async () => {
    const { svg } = await renderFigure(bar);
    expect(svg).toContain('&lt;cos θ&gt; &amp; more');
    expect(droppedPoints(logLog)).toBe(2); // x = 0 on a log axis, and NaN
    expect(droppedPoints(bar)).toBe(0);
  });

  test('non-finite values read back from evidence as strings are dropped, not drawn', async () => {
    const figure = { ...figures[0], series: [{ name: 'a', x: [0, 1, 2], y: [1, 'NaN' as unknown as number, 3] }] };
    expect(droppedPoints(figure)).toBe(1);
    expect(xmlRootName((await renderFigure(figure)).svg)).toBe('svg');
  });

  test('a figure with nothing plottable still renders a valid (empty) plot', async () => {
    const empty: FigureData = { name: 'empty', title: 'nothing', xLabel: 'x', yLabel: 'y', logY: true, series: [{ name: 'a', x: [1, 2], y: [0, -1] }] };
    expect(droppedPoints(empty)).toBe(2);
    expect(xmlRootName((await renderFigure(empty)).svg)).toBe('svg');
  });

  test('file names', () => {
    expect(figureFileName('energy-monotonicity', figures[0])).toBe('energy-monotonicity-energy.svg');
  });
});

describe('xmlRootName (the test helper itself)', () => {
  test.each(['<svg><g></svg>', '<svg a="1" a="2"/>', '<svg>&nbsp;</svg>', '<svg/><svg/>', 'text', '<svg x=1/>'])('rejects %j', (xml) => {
    expect(() => xmlRootName(xml)).toThrow();
  });
  test('accepts a small document', () => {
    expect(xmlRootName('<?xml version="1.0"?>\n<svg a="1 &amp; 2"><g/><!-- c --><text>x &lt; y</text></svg>\n')).toBe('svg');
  });
});
