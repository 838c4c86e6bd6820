// Worker entry of tests/bench/speedup.bench.ts. Plain JS on purpose: on Node 20 a worker does not inherit
// tsx's loader (STYLE §5), so register it here before importing the TypeScript task.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runTwinTrajectory } = await import('./twin-trajectory-task.ts');
runTwinTrajectory(workerData);
