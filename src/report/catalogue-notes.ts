/** Caveats every report carries, transcribed from the theory catalogue (docs: CATALOGUE.md §5 "Open
 *  gaps — do not invent constants" and its "Flags to carry into reports"). The detail after each flag
 *  is the catalogue's own explanation where it gives one (§§1.8, 3.1–3.7); nothing here is new theory. */

export interface CatalogueFlag {
  readonly flag: string;
  readonly detail?: string;
}

export const CATALOGUE_FLAGS: readonly CatalogueFlag[] = [
  {
    flag: 'GLPR-24 v1 vs v4 numbering.',
    detail: 'Theorem and equation numbers of arXiv:2312.10794 follow v4; v1 numbers differ, and third parties\' "Thm 6.1/6.3/6.9" may be other items.',
  },
  {
    flag: '(6.8) e^{β} vs (6.7) e^{2β}.',
    detail: 'The printed (6.8) has e^{β}; (6.7), which follows from the weight bound A_ij ≥ n^{−1}e^{−2β}, has e^{2β}. Checks use e^{2β}.',
  },
  { flag: 'The factor β in (3.7).' },
  {
    flag: "The sign of RIG's Fokker–Planck.",
    detail: 'RIG prints ∂_tμ + κ^{−1}Δμ = ∇·(μ∫e^{β⟨·,y⟩}yμ(dy)), both signs flipped (the time-reversed, ill-posed equation); the standard form ∂_tμ + ∇·(μb[μ]) = κ^{−1}Δμ is used.',
  },
  {
    flag: 'The (D.8) corner at n = 2, β = 0, t ≈ 0.',
    detail: 'The (D.8) bounds hold numerically on n ∈ [2,128], β ∈ [0,9] except there, where ½e^{2/3} = 0.974 < 1: a transcription issue or a hidden hypothesis; the corner is excluded.',
  },
  { flag: '"β > −0.16" vs "≥".', detail: 'The sources give both; checks use β ≥ −0.15.' },
  {
    flag: "RIG's mass-free merge rule.",
    detail: 'The survey omits masses in the closest-pair merging; for unequal masses factors α_j̄/α_ī are expected [derived]; no mass-free speeds are hard-coded.',
  },
  {
    flag: 'The earlier RIG attribution of the long-context theorem to CLPR-Q.',
    detail: 'The critical-scaling theorem is CLPR-C (arXiv:2510.05554); an earlier RIG revision attributed it to CLPR-Q.',
  },
];

/** Unknowns per source key (catalogue §5): what a shape verdict leaves open. */
export const OPEN_GAPS: Readonly<Record<string, string>> = {
  'GLPR-23': 'hypotheses of Thms 3.1/4.1/5.1/C.5; "paranormal"; whether 0 can be a polytope-case limit',
  GKPR: 'c in log T_2 ∼ β and δ ∼ e^{−cβ}; required cluster radius and separation; the staircase time change',
  'CLPR-Q': 'explicit β_0, C_0, T_0; whether 1/100 is uniform in d; Example 2.6',
  'CLPR-C': 'angle ratio λ (eq. 3.2); finite-d Thm 2.1; almost-simplex thresholds; the backward-pass result',
  HK: 'definitions of N_n and of the accumulation scale; the (log n)² instance',
  BPA: 'mass factors in closest-pair merging; the constant in Θ(√β)',
  KPR: 'definitions of (strong) Rényi centres; constants of Lemma 5.1/Thm 5.2; atlas entries',
  ABRR: 'order p of W_p; C, c; geometry; hypotheses on μ_0',
  BKKRW: 'theorem numbers and exact classification; the mobility 1/Z_μ is our reading',
  KY: 'exact hypotheses of "homogeneous alignment" (trap, 3.2)',
  PEN: 'monotonicity conditions; closed-form β_c; super-additive rates; ReLU vs softmax constants; general entropy identity',
  ABMSR: 'SDE form (Itô/Stratonovich, sphere/R^d); energy; coercivity constant; activation class',
  MR: 'noise normalisation (K_# = κ_c/2 reconciled only by derivation)',
  DGR: 'normalisations, smallness condition, particle observable',
  GR: 'head scaling and Γ',
  SABP: 'proposition numbers, heat-limit sign',
  KGPR: 'peri-LN and nGPT speeds; exact pre-LN model (`sa` vs `usa` form)',
  GT: 'not found: attribute nothing to it',
  RIG: 'early version read; the phrase "critical temperature scaling laws in frontier models" not found (later version?)',
};

/** The gap keys that concern a claim: its source key, and any catalogue key named in its source or
 *  provenance (a claim restated by RIG, or with a secondary source, inherits those gaps). Notes are
 *  not searched: they mostly name related work the claim does not check. */
export function gapKeysFor(claim: { source: { key: string; where: string }; provenance: string }): string[] {
  const text = [claim.source.key, claim.source.where, claim.provenance].join(' ');
  const keys = Object.keys(OPEN_GAPS).filter((key) => new RegExp(`(^|[^A-Za-z0-9-])${key.replace(/-/g, '\\-')}($|[^A-Za-z0-9-])`).test(text));
  // "[survey]" means restated in RIG's survey: its version caveat applies.
  if (/\[survey\]/.test(claim.provenance) && !keys.includes('RIG')) keys.push('RIG');
  return keys;
}
