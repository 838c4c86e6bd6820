/** The claim registry, in the order of the catalogue's §3: a static list so tsc checks it. A test
 *  checks every file in properties/ is listed and that each claim's id equals its file name. */
import type { Claim } from '../src/claims/claim.js';
import energyMonotonicity from './energy-monotonicity.js';
import spectralSelection from './spectral-selection.js';
import concentrationLogBeta from './concentration-log-beta.js';
import exponentialRates from './exponential-rates.js';
import globalClustering from './global-clustering.js';
import equiangularReduction from './equiangular-reduction.js';
import highDimPhaseDiagram from './high-dim-phase-diagram.js';
import energyExtremizers from './energy-extremizers.js';
import metastability from './metastability.js';
import criticalScalingLogN from './critical-scaling-log-n.js';
import criticalScalingGapCounting from './critical-scaling-gap-counting.js';
import causalClustering from './causal-clustering.js';
import kuramoto2d from './kuramoto-2d.js';
import noiseSynchronization from './noise-synchronization.js';
import lostInTheMiddle from './lost-in-the-middle.js';
import depthLimit from './depth-limit.js';
import meanFieldLimit from './mean-field-limit.js';
import layerNormEnergyMinimizers from './layer-norm-energy-minimizers.js';
import euclideanPolytope from './euclidean-polytope.js';
import sinkhornGradientFlow from './sinkhorn-gradient-flow.js';
import normalizationSpeed from './normalization-speed.js';
import wendelHemisphere from './wendel-hemisphere.js';

export const allClaims: readonly Claim<any>[] = [
  energyMonotonicity,
  spectralSelection,
  concentrationLogBeta,
  exponentialRates,
  globalClustering,
  equiangularReduction,
  highDimPhaseDiagram,
  energyExtremizers,
  metastability,
  criticalScalingLogN,
  criticalScalingGapCounting,
  causalClustering,
  kuramoto2d,
  noiseSynchronization,
  lostInTheMiddle,
  depthLimit,
  meanFieldLimit,
  layerNormEnergyMinimizers,
  euclideanPolytope,
  sinkhornGradientFlow,
  normalizationSpeed,
  wendelHemisphere,
];
