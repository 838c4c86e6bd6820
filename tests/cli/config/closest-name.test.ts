import { describe, expect, test } from 'vitest';
import { closestName, editDistance, suggestName } from '../../../src/cli/config/closest-name.js';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['kitten', 'sitting', 3],
    ['usa', 'sa', 1],
    ['rk4', 'RK4', 0],
    ['dopri', 'dopri5', 1],
    ['abc', '', 3],
  ])('%s ↔ %s = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('closestName', () => {
  const models = ['sa', 'usa', 'causal', 'multihead', 'euclidean'];
  test('finds a typo', () => {
    expect(closestName('casual', models)).toBe('causal');
    expect(closestName('multi-head', models)).toBe('multihead');
    expect(closestName('euclidian', models)).toBe('euclidean');
  });
  test('does not suggest something unrelated', () => {
    expect(closestName('transformer', models)).toBeUndefined();
  });
  test('suggestName lists the valid names and the guess', () => {
    expect(suggestName('ussa', models, 'models')).toBe('Did you mean "usa"? Valid models: sa, usa, causal, multihead, euclidean.');
    expect(suggestName(3, models, 'models')).toBe('Valid models: sa, usa, causal, multihead, euclidean.');
  });
});
