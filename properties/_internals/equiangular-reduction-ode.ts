/** The exact equiangular reduction of GLPR-24 Thm 6.8 (catalogue §3.6): when Q = K = V = I and the
 *  tokens start equiangular, ⟨x_i(t), x_j(t)⟩ = γ_β(t) for all i ≠ j, with
 *
 *    sa  (6.9):  γ′ = 2(1−γ)((n−1)γ+1) / (e^{β(1−γ)} + n − 1)     (the overflow-free form of (6.9))
 *    usa (6.10): γ′ = (2/n) e^{βγ} (1−γ)((n−1)γ+1)
 *
 *  Time is layer time t. Integrated here by classical RK4 with a fixed step (our own scalar code, so the
 *  particle solver and the reduction share no code), with exact landing on requested times.
 *  Used by the claims equiangular-reduction and high-dim-phase-diagram and by fixtures/equiangular. */

export type EquiangularModel = 'sa' | 'usa';

/** A stable RK4 step for the reduced ODE: usa stiffens to rate 2e^{β} at γ = 1 (catalogue §1.13:
 *  usa needs dt ∝ e^{−β}), so its step is dt·e^{−β} (RK4's real stability limit is 2.78 > 2). */
export function stableStep(model: EquiangularModel, beta: number, dt: number): number {
  return model === 'usa' ? dt * Math.min(1, Math.exp(-beta)) : dt;
}

/** dγ/dt of the reduced ODE. */
export function equiangularRate(model: EquiangularModel, n: number, beta: number, g: number): number {
  const core = 2 * (1 - g) * ((n - 1) * g + 1);
  return model === 'sa' ? core / (Math.exp(beta * (1 - g)) + n - 1) : (core * Math.exp(beta * g)) / n;
}

function rk4Step(model: EquiangularModel, n: number, beta: number, g: number, h: number): number {
  const k1 = equiangularRate(model, n, beta, g);
  const k2 = equiangularRate(model, n, beta, g + 0.5 * h * k1);
  const k3 = equiangularRate(model, n, beta, g + 0.5 * h * k2);
  const k4 = equiangularRate(model, n, beta, g + h * k3);
  return g + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
}

/** γ_β at the given increasing times (≥ 0), from γ(0) = rho0, RK4 with step ≤ dt landing on each time. */
export function equiangularTrajectory(model: EquiangularModel, n: number, beta: number, rho0: number, times: readonly number[], dt: number): number[] {
  const out: number[] = [];
  let t = 0;
  let g = rho0;
  for (const target of times) {
    const steps = Math.ceil((target - t) / dt - 1e-9);
    if (steps > 0) {
      const h = (target - t) / steps;
      for (let s = 0; s < steps; s++) g = rk4Step(model, n, beta, g, h);
    }
    t = target;
    out.push(g);
  }
  return out;
}

/** Calls visit(t, γ) after every RK4 step of size dt from γ(0) = rho0, until visit returns false or
 *  t reaches tMax. Returns the last (t, γ). */
export function walkEquiangular(model: EquiangularModel, n: number, beta: number, rho0: number, dt: number, tMax: number, visit: (t: number, g: number) => boolean): { t: number; g: number } {
  let g = rho0;
  let k = 0;
  let t = 0;
  while (t < tMax) {
    g = rk4Step(model, n, beta, g, dt);
    k++;
    t = k * dt;
    if (!visit(t, g)) break;
  }
  return { t, g };
}

/**
 * First time γ_β(t) reaches `level` (> rho0), or Infinity if not before tMax. RK4 at step dt until the
 * step that crosses; inside that step the crossing is located by bisection on the length h of one RK4
 * step from the last state below the level (γ after a step of length h is increasing in h for these h,
 * since γ′ > 0 on (−1/(n−1), 1)), to 1e-14 relative.
 */
export function equiangularHittingTime(model: EquiangularModel, n: number, beta: number, level: number, dt: number, tMax = 1e7, rho0 = 0): number {
  let g = rho0;
  let k = 0;
  for (;;) {
    const t = k * dt;
    if (t >= tMax) return Infinity;
    const next = rk4Step(model, n, beta, g, dt);
    if (!Number.isFinite(next)) throw new Error(`equiangular RK4 blew up at t=${t} (β=${beta}, dt=${dt}): use usaStep for usa`);
    if (next >= level) {
      let lo = 0;
      let hi = dt;
      for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, t); it++) {
        const mid = 0.5 * (lo + hi);
        if (rk4Step(model, n, beta, g, mid) >= level) hi = mid;
        else lo = mid;
      }
      return t + 0.5 * (lo + hi);
    }
    g = next;
    k++;
  }
}

/**
 * β*(t): the largest β ≥ 0 with γ_β(t) ≥ level (`sa`, γ(0) = rho0). γ_β(t) decreases in β (the hitting
 * time increases with β), so this is the root of γ_β(t) − level in β, found by bisection on
 * [0, betaMax] to 1e-10. Returns NaN when even β = 0 has not reached the level by t (no β qualifies).
 */
export function equiangularBetaStar(n: number, t: number, level: number, dt: number, betaMax = 20, rho0 = 0): number {
  const gammaAt = (beta: number) => equiangularTrajectory('sa', n, beta, rho0, [t], dt)[0];
  if (gammaAt(0) < level) return NaN;
  let lo = 0;
  let hi = betaMax;
  if (gammaAt(hi) >= level) return Infinity;
  while (hi - lo > 1e-10) {
    const mid = 0.5 * (lo + hi);
    if (gammaAt(mid) >= level) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
