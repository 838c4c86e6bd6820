/** Explicit Runge–Kutta methods as data (Butcher tableaus). The order test loops over ALL_TABLEAUS. */

export interface ButcherTableau {
  readonly name: string;
  /** Classical order of the solution weights b. */
  readonly order: number;
  readonly c: readonly number[];
  /** Strictly lower-triangular stage coefficients: a[s] has s entries. */
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  /** Embedded weights for the error estimate (adaptive pairs only), and their order. */
  readonly bHat?: readonly number[];
  readonly embeddedOrder?: number;
  /** First-same-as-last: the last stage is the derivative at the new point. */
  readonly fsal?: boolean;
}

export const EULER: ButcherTableau = { name: 'euler', order: 1, c: [0], a: [[]], b: [1] };

export const HEUN: ButcherTableau = { name: 'heun', order: 2, c: [0, 1], a: [[], [1]], b: [1 / 2, 1 / 2] };

export const RK4: ButcherTableau = {
  name: 'rk4',
  order: 4,
  c: [0, 1 / 2, 1 / 2, 1],
  a: [[], [1 / 2], [0, 1 / 2], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
};

/** Dormand–Prince 5(4) (Hairer, Nørsett, Wanner, Table II.5.2). */
export const DOPRI5: ButcherTableau = {
  name: 'dopri5',
  order: 5,
  embeddedOrder: 4,
  fsal: true,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  bHat: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
};

export const ALL_TABLEAUS: readonly ButcherTableau[] = [EULER, HEUN, RK4, DOPRI5];
