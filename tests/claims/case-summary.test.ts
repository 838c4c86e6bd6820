import { expect, test } from 'vitest';
import { summarizeCases } from '../../src/claims/case-summary.js';

test('numbers become ranges, other values the set seen, nested records dotted, arrays their length', () => {
  const summary = summarizeCases([
    { n: 4, beta: 0.5, model: 'sa', spec: { d: 3 }, weights: [1, 2] },
    { n: 16, beta: 0.5, model: 'usa', spec: { d: 3 }, weights: [1, 2, 3] },
    { n: 8, beta: 0.5, model: 'sa', spec: { d: 3 }, weights: [1] },
  ]);
  expect(summary).toEqual({
    beta: '0.5',
    model: 'sa, usa',
    n: '4 … 16 (3 distinct values)',
    'spec.d': '3',
    weights: 'length 2, length 3, length 1',
  });
});

test('no cases give an empty description', () => {
  expect(summarizeCases([])).toEqual({});
});
