import { describe, expect, test } from 'vitest';
import { combineStages, createRkWorkspace, formStageState, rkStep } from '../../src/integrate/explicit-rk.js';
import { ALL_TABLEAUS, DOPRI5, EULER, HEUN, RK4, type ButcherTableau } from '../../src/integrate/tableaus.js';

/** One RK step on x' = λx multiplies x by the method's stability polynomial R(z), z = hλ. */
const STABILITY: Record<string, (z: number) => number> = {
  euler: (z) => 1 + z,
  heun: (z) => 1 + z + z ** 2 / 2,
  rk4: (z) => 1 + z + z ** 2 / 2 + z ** 3 / 6 + z ** 4 / 24,
  // 5th-order weights of Dormand–Prince: Taylor to z⁵ plus z⁶/600 (Hairer–Wanner II, Fig. 3.1 data)
  dopri5: (z) => 1 + z + z ** 2 / 2 + z ** 3 / 6 + z ** 4 / 24 + z ** 5 / 120 + z ** 6 / 600,
};
/** A handful of products and sums of O(1) terms: a few ulp relative to |x| ≤ 2. */
const STEP_TOL = 16 * Number.EPSILON;

function linearField(lambda: number) {
  return (_t: number, x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < x.length; i++) out[i] = lambda * x[i];
  };
}

describe('rkStep', () => {
  test.each(ALL_TABLEAUS.map((t) => [t.name, t] as const))('%s: one step on x′ = λx is R(hλ)·x, with one field evaluation per stage', (name, tableau) => {
    for (const [lambda, h] of [
      [-1, 0.3],
      [0.5, 0.7],
      [-3, 0.25],
    ]) {
      const x = Float64Array.from([1, -2]);
      const out = new Float64Array(2);
      const evaluations = rkStep(tableau, linearField(lambda), 0, x, h, out, createRkWorkspace(tableau, 2));
      const r = STABILITY[name](h * lambda);
      expect(evaluations).toBe(tableau.c.length);
      expect(Math.abs(out[0] - r), `λ=${lambda} h=${h}`).toBeLessThanOrEqual(STEP_TOL);
      expect(Math.abs(out[1] + 2 * r), `λ=${lambda} h=${h}`).toBeLessThanOrEqual(2 * STEP_TOL);
      expect(Array.from(x)).toEqual([1, -2]); // x is read, never written
    }
  });

  test('stages see the time t + c_s·h: x′ = t³ is integrated exactly by rk4 and dopri5 (quadrature order ≥ 4)', () => {
    const field = (t: number, _x: Float64Array, out: Float64Array) => {
      out[0] = t ** 3;
    };
    const [t, h] = [0.5, 0.75];
    const exact = 1 + ((t + h) ** 4 - t ** 4) / 4;
    for (const tableau of [RK4, DOPRI5]) {
      const out = new Float64Array(1);
      rkStep(tableau, field, t, Float64Array.from([1]), h, out, createRkWorkspace(tableau, 1));
      expect(Math.abs(out[0] - exact), tableau.name).toBeLessThanOrEqual(STEP_TOL);
    }
    // Heun is the trapezoid rule: h (f(t) + f(t+h)) / 2; Euler the left rectangle h·f(t).
    const heun = new Float64Array(1);
    rkStep(HEUN, field, t, Float64Array.from([1]), h, heun, createRkWorkspace(HEUN, 1));
    expect(Math.abs(heun[0] - (1 + (h * (t ** 3 + (t + h) ** 3)) / 2))).toBeLessThanOrEqual(STEP_TOL);
    const euler = new Float64Array(1);
    rkStep(EULER, field, t, Float64Array.from([1]), h, euler, createRkWorkspace(EULER, 1));
    expect(euler[0]).toBe(1 + h * t ** 3);
  });

  test('dopri5 error estimate = (x + hΣb·k) − (x + hΣb̂·k), the difference of its two solutions', () => {
    const embedded: ButcherTableau = { ...DOPRI5, b: DOPRI5.bHat!, bHat: undefined };
    const field = (t: number, x: Float64Array, out: Float64Array) => {
      out[0] = -x[0] * x[1] + t;
      out[1] = Math.sin(x[0]);
    };
    const x = Float64Array.from([0.3, -1.2]);
    const h = 0.4;
    const fifth = new Float64Array(2);
    const err = new Float64Array(2);
    rkStep(DOPRI5, field, 0.1, x, h, fifth, createRkWorkspace(DOPRI5, 2), err);
    const fourth = new Float64Array(2);
    rkStep(embedded, field, 0.1, x, h, fourth, createRkWorkspace(embedded, 2));
    for (let i = 0; i < 2; i++) expect(Math.abs(err[i] - (fifth[i] - fourth[i])), `component ${i}`).toBeLessThanOrEqual(STEP_TOL);
    expect(Math.abs(err[0]) + Math.abs(err[1])).toBeGreaterThan(1e-6); // a real estimate, not zeros
    // Without embedded weights (rk4) the error buffer is left alone.
    const untouched = Float64Array.from([7, 7]);
    rkStep(RK4, field, 0.1, x, h, new Float64Array(2), createRkWorkspace(RK4, 2), untouched);
    expect(Array.from(untouched)).toEqual([7, 7]);
  });

  test('FSAL: a supplied first stage replaces one evaluation and gives the same step', () => {
    const field = linearField(-2);
    const x = Float64Array.from([0.8]);
    const k1 = new Float64Array(1);
    field(0, x, k1);
    const plain = new Float64Array(1);
    const fsal = new Float64Array(1);
    const evalsPlain = rkStep(DOPRI5, field, 0, x, 0.2, plain, createRkWorkspace(DOPRI5, 1));
    const evalsFsal = rkStep(DOPRI5, field, 0, x, 0.2, fsal, createRkWorkspace(DOPRI5, 1), undefined, k1);
    expect(evalsFsal).toBe(evalsPlain - 1);
    expect(fsal[0]).toBe(plain[0]);
  });

  test.each(ALL_TABLEAUS.map((t) => [t.name, t] as const))('%s: the bits of the textbook per-entry sums x + hΣ_j a_ij k_j and x + hΣ_j b_j k_j (and of the error estimate)', (_name, tableau) => {
    // rkStep forms each sum one term at a time over whole arrays; every entry must still see the same
    // operations in the same order as this per-entry form, or evidence digits would move.
    const size = 37;
    const x = Float64Array.from({ length: size }, (_, i) => Math.sin(1.7 * i + 0.3));
    const field = (t: number, y: Float64Array, out: Float64Array) => {
      for (let i = 0; i < size; i++) out[i] = Math.cos(3 * y[i] + t) - 0.3 * y[(7 * i) % size];
    };
    const h = 0.07;
    const t0 = 0.3;
    const k: Float64Array[] = tableau.c.map(() => new Float64Array(size));
    const stage = new Float64Array(size);
    for (let s = 0; s < tableau.c.length; s++) {
      for (let i = 0; i < size; i++) {
        let acc = x[i];
        for (let j = 0; j < s; j++) if (tableau.a[s][j] !== 0) acc += h * tableau.a[s][j] * k[j][i];
        stage[i] = acc;
      }
      field(t0 + tableau.c[s] * h, s === 0 ? x : stage, k[s]);
    }
    const expected = new Float64Array(size);
    const expectedError = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let acc = 0;
      for (let j = 0; j < tableau.c.length; j++) if (tableau.b[j] !== 0) acc += tableau.b[j] * k[j][i];
      expected[i] = x[i] + h * acc;
      if (tableau.bHat) {
        let err = 0;
        for (let j = 0; j < tableau.c.length; j++) err += (tableau.b[j] - tableau.bHat[j]) * k[j][i];
        expectedError[i] = h * err;
      }
    }
    const out = new Float64Array(size);
    const error = new Float64Array(size);
    rkStep(tableau, field, t0, x, h, out, createRkWorkspace(tableau, size), error);
    expect([...out].every((v, i) => Object.is(v, expected[i]))).toBe(true);
    if (tableau.bHat) expect([...error].every((v, i) => Object.is(v, expectedError[i]))).toBe(true);
  });

  test('createRkWorkspace holds one buffer per stage plus the stage state, all of the state size', () => {
    const ws = createRkWorkspace(DOPRI5, 5);
    expect(ws.stages.length).toBe(7);
    expect(ws.stages.every((s) => s.length === 5)).toBe(true);
    expect(ws.stageState.length).toBe(5);
    expect(new Set(ws.stages).size).toBe(7); // distinct buffers
  });

  test.each(ALL_TABLEAUS.map((t) => [t.name, t] as const))('%s: formStageState and combineStages on a range give the whole-array bits there and touch nothing outside it (the split step runs them by row chunks on several threads)', (_name, tableau) => {
    const size = 12;
    const from = 3;
    const to = 8;
    const x = Float64Array.from({ length: size }, (_, i) => Math.cos(i + 0.5));
    const stages = tableau.c.map((_, j) => Float64Array.from({ length: size }, (_, i) => Math.sin(3 * i + j)));
    const h = 0.1;
    const sentinel = -12345.678;
    const whole = (): Float64Array => new Float64Array(size);
    const ranged = (): Float64Array => new Float64Array(size).fill(sentinel);
    const check = (wholeArray: Float64Array, range: Float64Array, what: string): void => {
      for (let i = 0; i < size; i++) {
        if (i >= from && i < to) expect(Object.is(range[i], wholeArray[i]), `${what}[${i}]`).toBe(true);
        else expect(range[i], `${what}[${i}] is outside the range`).toBe(sentinel);
      }
    };
    for (let stage = 1; stage < tableau.c.length; stage++) {
      const a = whole();
      const b = ranged();
      formStageState(tableau, stage, x, h, stages, a, 0, size);
      formStageState(tableau, stage, x, h, stages, b, from, to);
      check(a, b, `stage ${stage} input`);
    }
    const [accA, outA, errA] = [whole(), whole(), whole()];
    const [accB, outB, errB] = [ranged(), ranged(), ranged()];
    combineStages(tableau, x, h, stages, accA, outA, errA, 0, size);
    combineStages(tableau, x, h, stages, accB, outB, errB, from, to);
    check(outA, outB, 'result');
    check(accA, accB, 'scratch');
    if (tableau.bHat) check(errA, errB, 'error estimate');
  });

  test('a stage whose coefficient is 0 is never read: non-finite entries there do not reach the sums', () => {
    // RK4's second stage input uses a[1] = [1/2] only; its third a[2] = [0, 1/2] skips k_1; DOPRI5's b_2 = 0
    const size = 4;
    const x = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
    for (const tableau of [RK4, DOPRI5]) {
      const stages = tableau.c.map(() => new Float64Array(size).fill(0.5));
      const zeroIn = (weights: readonly number[]): number[] => weights.flatMap((w, j) => (w === 0 ? [j] : []));
      const unused = zeroIn(tableau.b);
      for (const j of unused) stages[j].fill(Infinity);
      const out = new Float64Array(size);
      combineStages(tableau, x, 0.1, stages, new Float64Array(size), out, undefined, 0, size);
      expect([...out].every(Number.isFinite), `${tableau.name}: b has zeros at ${unused}`).toBe(true);
      for (let stage = 1; stage < tableau.c.length; stage++) {
        const skipped = zeroIn(tableau.a[stage]);
        const fresh = tableau.c.map(() => new Float64Array(size).fill(0.5));
        for (const j of skipped) fresh[j].fill(NaN);
        const into = new Float64Array(size);
        formStageState(tableau, stage, x, 0.1, fresh, into, 0, size);
        expect([...into].every(Number.isFinite), `${tableau.name} stage ${stage}: a has zeros at ${skipped}`).toBe(true);
      }
    }
  });
});
