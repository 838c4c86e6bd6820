/** The claim registry: a static list so tsc checks it. A test checks every file in properties/ is
 *  listed and that each claim's id equals its file name. Append new claims at the end, one per line. */
import type { Claim } from '../src/claims/claim.js';
import energyMonotonicity from './energy-monotonicity.js';
import spectralSelection from './spectral-selection.js';
import exponentialRates from './exponential-rates.js';
import lostInTheMiddle from './lost-in-the-middle.js';
import sinkhornGradientFlow from './sinkhorn-gradient-flow.js';
import concentrationLogBeta from './concentration-log-beta.js';
import criticalScalingLogN from './critical-scaling-log-n.js';
import wendelHemisphere from './wendel-hemisphere.js';
import normalizationSpeed from './normalization-speed.js';
import meanFieldLimit from './mean-field-limit.js';
import equiangularReduction from './equiangular-reduction.js';
import energyExtremizers from './energy-extremizers.js';
import metastability from './metastability.js';
import layerNormEnergyMinimizers from './layer-norm-energy-minimizers.js';
import kuramoto2d from './kuramoto-2d.js';
import euclideanPolytope from './euclidean-polytope.js';
import depthLimit from './depth-limit.js';
import criticalScalingGapCounting from './critical-scaling-gap-counting.js';
import causalClustering from './causal-clustering.js';
import globalClustering from './global-clustering.js';
import highDimPhaseDiagram from './high-dim-phase-diagram.js';
import noiseSynchronization from './noise-synchronization.js';

export const allClaims: readonly Claim<any>[] = [
  energyMonotonicity,
  spectralSelection,
  exponentialRates,
  lostInTheMiddle,
  sinkhornGradientFlow,
  concentrationLogBeta,
  criticalScalingLogN,
  wendelHemisphere,
  normalizationSpeed,
  meanFieldLimit,
  equiangularReduction,
  energyExtremizers,
  metastability,
  layerNormEnergyMinimizers,
  kuramoto2d,
  euclideanPolytope,
  depthLimit,
  criticalScalingGapCounting,
  causalClustering,
  globalClustering,
  highDimPhaseDiagram,
  noiseSynchronization,
];
