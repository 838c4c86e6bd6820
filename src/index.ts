/** The public API of mft-check. Inside src, import the file itself, never this barrel. */
// core
export { ConfigError } from './core/config-error.js';
export { Rng, uniformSphere, gaussianMatrix } from './core/rng.js';
export { flatMatrix, identityMatrix, diagonalMatrix, matrixToRows, type FlatMatrix, type ProfileName } from './core/types.js';
export { UNIT_NORM_TOL, normalizeRows, geodesicDistance, chordalDistance, maxUnitNormDeviation } from './core/sphere.js';
export { claimSeed } from './core/seeds.js';
// integrate
export type { OdeProblem, VectorField, NoiseTerm, Manifold, RkStepper } from './integrate/problem.js';
export { solve, SCHEME_NAMES, type SchemeName, type SolveOptions, type RecordOptions, type Observer } from './integrate/solve.js';
export type { Solution, SolveStatus, SolveStats } from './integrate/solution.js';
export { ALL_TABLEAUS, EULER, HEUN, RK4, DOPRI5, type ButcherTableau } from './integrate/tableaus.js';
export { rkStep, createRkWorkspace, formStageState, combineStages } from './integrate/explicit-rk.js';
export { retract } from './integrate/retraction.js';
// models
export { makeAttentionProblem, createAttentionField, attentionLogWeights, type AttentionSpec, type AttentionParams, type AttentionHead, type Normalization } from './models/attention.js';
export { makeEuclideanProblem, rescaledToOriginal, type EuclideanSpec, type EuclideanParams } from './models/euclidean.js';
export { makeCircleProblem, anglesToPoints, pointsToAngles, type CircleSpec, type CircleParams } from './models/circle.js';
export { makeNoisyProblem, type NoisySpec, type NoisyParams, type NoiseKind } from './models/noisy.js';
export { makeZeroTemperatureProblem, zeroTemperatureLimit, type ZeroTemperatureSpec, type ZeroTemperatureParams } from './models/zero-temperature.js';
export { runDiscreteLayers, type DiscreteLayersResult } from './models/discrete-layers.js';
// analysis
export { besselI, besselIScaled, logGamma } from './analysis/bessel.js';
export { expm } from './analysis/expm.js';
// observables
export { pairEnergy, saEnergy, unitEnergy, codeEnergy, betaZeroEnergy, multiHeadEnergy, diracEnergy, uniformMeasureEnergy } from './observables/energy.js';
export { countClusters, countClustersOnCircle, wrappedAngleDistance, type ClusterResult } from './observables/clusters.js';
export { pairDensity } from './observables/pair-density.js';
export { diameter, cosineGap } from './observables/diameter.js';
export { orderParameter, circleOrderParameter } from './observables/order-parameter.js';
export { attentionEntropy, type AttentionEntropyResult } from './observables/attention-entropy.js';
export { eigenAlignment, leadingEigenvectors, type EigenAlignmentResult, type LeadingEigen } from './observables/eigen-alignment.js';
export { w2ToDirac, w2ToMeanDirac, type SphereMetric, type NearestDiracBound } from './observables/wasserstein-dirac.js';
export { equiangularSpread, meanOffDiagonalGram, effectiveDimension } from './observables/gram.js';
export { openHemisphere, hemisphereMargin, type HemisphereResult } from './observables/hemisphere.js';
export { OBSERVABLES, OBSERVABLE_NAMES, makeObservable, type ObservableEntry, type ObservableFactory } from './observables/registry.js';
// claims
export { defineClaim, type Claim, type CheckOutcome, type Verdict, type VerdictKind, type ControlOutcome, type Measurement, type Tolerance, type NegativeControl, type Budget, type Illustration, type FigureData, type Series, type ClaimSource } from './claims/claim.js';
export type { ClaimOutcome } from './claims/outcome.js';
// meanfield (circle PDE; W1/W2 on the circle; checks used by claims)
export { makeMeanFieldCircleProblem, type MeanFieldCircleConfig, type MeanFieldCircleProblem, type MeanFieldInit, type Limiter } from './meanfield/problem.js';
export { solveMeanFieldCircle, createMeanFieldRhs, type MeanFieldSolution, type MeanFieldSolveOptions, type MeanFieldStats, type DensityObserver } from './meanfield/circle-pde.js';
export { createCircleVelocity, type CircleVelocity, type KernelSum } from './meanfield/circle-velocity.js';
export { cosineDensity, uniformDensity, densityMass, densityMoment, densityOrderParameter, densityModeAmplitudes } from './meanfield/density.js';
export { w1Circle, w2Circle, w2ParticleSets, w2ToDirac as w2ToDiracOnCircle, circularMean, type CircleMeasure } from './meanfield/wasserstein.js';
export { quantileParticles, sampleParticles } from './meanfield/quantile-particles.js';
export { makeCircleParticleProblem, type CircleParticleConfig } from './meanfield/circle-particles.js';
export { simulateMeanField, parseMeanFieldSimulateConfig, isMeanFieldCircleConfig, MEAN_FIELD_MODEL } from './meanfield/simulate-mean-field.js';
export { modeGrowthRate, fastestMode, noiseThreshold } from './meanfield/checks/circle-linear-theory.js';
export { pdeClusteringCheck, type ClusteringCase, type ClusteringResult } from './meanfield/checks/pde-clustering-check.js';
export { pdeDominantMode, type DominantModeCase, type DominantModeResult } from './meanfield/checks/pde-dominant-mode.js';
export { pdeNoiseThreshold, type NoiseThresholdCase, type NoiseThresholdResult } from './meanfield/checks/pde-noise-threshold.js';
// kernels (fast attention paths; createAttentionField already dispatches to them)
export { referenceAttentionField, type AttentionFieldOptions } from './models/attention.js';
export { createFusedAttentionField, createKernel, type KernelChoice, type FusedFieldOptions } from './kernels/fused-attention-field.js';
export { createParallelAttentionField, PARALLEL_MIN_N, type ParallelAttentionField, type ParallelFieldOptions } from './kernels/parallel-field.js';
export { splitTrajectory, DEFAULT_TRAJECTORY_THREADS, type SplitTrajectory } from './kernels/split-trajectory.js';
export { wasmKernelAvailable } from './kernels/wasm-kernel.js';
export { fastExp, EXP_MAX_ULP } from './kernels/fast-exp.js';
export { pdeNoiseStationary, kuramotoOrderParameter, type NoiseStationaryCase } from './meanfield/checks/pde-noise-stationary.js';
