// Worker threads do not inherit tsx's loader on Node 20 ("Unknown file extension .ts"), so every worker
// starts here: register tsx, then import the TypeScript task registry and serve tasks one at a time.
import { register } from 'tsx/esm/api';
import { parentPort } from 'node:worker_threads';

register();
const { TASKS } = await import('./tasks.ts');

parentPort.on('message', async ({ index, task, input }) => {
  try {
    const module = await TASKS[task]();
    const result = await module.execute(input, (message) => parentPort.postMessage({ type: 'progress', index, message }));
    parentPort.postMessage({ type: 'result', index, result });
  } catch (error) {
    parentPort.postMessage({ type: 'error', index, error: error instanceof Error ? `${error.stack ?? error.message}` : String(error) });
  }
});
parentPort.postMessage({ type: 'ready' });
