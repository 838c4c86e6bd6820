// Worker entry of src/kernels/parallel-field.ts. Plain JS on purpose: on Node 20 a worker does not
// inherit tsx's loader (STYLE §5), so register it here before importing the TypeScript task.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runFieldWorker } = await import('./parallel-worker-task.ts');
runFieldWorker(workerData);
