// `npm run build:wasm`: compiles asm/attention.ts into src/kernels/wasm/attention.wasm with the pinned
// AssemblyScript (package.json devDependencies). `node asm/build.mjs <out.wasm>` writes elsewhere
// (tests/kernels/wasm-build.test.ts rebuilds into a temp file and compares the bytes).
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

export const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'];
export const SOURCE = fileURLToPath(new URL('./attention.ts', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../src/kernels/wasm/attention.wasm', import.meta.url));

export async function buildWasm(outFile = OUTPUT) {
  const { error, stderr } = await asc.main([SOURCE, ...ASC_FLAGS, '--outFile', outFile]);
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  return outFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildWasm(process.argv[2]);
  console.log(`wrote ${out}`);
}
