import { describe, expect, test } from 'vitest';
import { cosineGap, diameter } from '../../src/observables/diameter.js';

describe('diameter and cosine gap', () => {
  test('antipodal pair: diameter 2, gap 2', () => {
    const x = Float64Array.from([1, 0, 0, -1, 0, 0, 0, 1, 0]);
    expect(diameter(x, 3, 3)).toBe(2);
    expect(cosineGap(x, 3, 3)).toBe(2);
  });

  test('close tokens keep their relative precision (no 1 − cos cancellation)', () => {
    const eps = 1e-9;
    const x = Float64Array.from([1, 0, Math.cos(eps), Math.sin(eps)]);
    const exactChord = 2 * Math.sin(eps / 2);
    // relative error of cos(eps), sin(eps) (1 ulp of 1 and of 1e-9) after subtraction: ≤ 1.1e-16/5e-19·… for the
    // first coordinate; the chord is dominated by the exact-to-1-ulp sin(eps) coordinate, so 1e-7 is generous
    expect(Math.abs(diameter(x, 2, 2) / exactChord - 1)).toBeLessThanOrEqual(1e-7);
    // 1 − ⟨x_1,x_2⟩ from the dot product would be 0 or 1.1e-16 here; the true gap is 5e-19
    const exactGap = 2 * Math.sin(eps / 2) ** 2;
    expect(Math.abs(cosineGap(x, 2, 2) / exactGap - 1)).toBeLessThanOrEqual(1e-6);
  });
});
