import { describe, expect, test } from 'vitest';
import { closestName, levenshtein } from '../../src/cli/closest-name.js';
import { suggestName } from '../../src/cli/config/suggest-name.js';

describe('levenshtein', () => {
  test.each([
    ['', '', 0],
    ['kitten', 'sitting', 3],
    ['usa', 'sa', 1],
    ['dopri', 'dopri5', 1],
    ['abc', '', 3],
  ])('%s ↔ %s = %i', (a, b, expected) => {
    expect(levenshtein(a, b)).toBe(expected);
    expect(levenshtein(b, a)).toBe(expected);
  });
});

describe('closestName / suggestName', () => {
  const models = ['sa', 'usa', 'causal', 'multihead', 'euclidean'];
  test('finds a typo, case-insensitively', () => {
    expect(closestName('casual', models)).toBe('causal');
    expect(closestName('multi-head', models)).toBe('multihead');
    expect(closestName('Euclidian', models)).toBe('euclidean');
  });
  test('does not suggest something unrelated', () => {
    expect(closestName('transformer', models)).toBeUndefined();
  });
  test('suggestName lists the valid names and the guess', () => {
    expect(suggestName('ussa', models, 'models')).toBe('Did you mean "usa"? Valid models: sa, usa, causal, multihead, euclidean.');
    expect(suggestName(3, models, 'models')).toBe('Valid models: sa, usa, causal, multihead, euclidean.');
  });
});
