/** The committed src/kernels/wasm/attention.wasm must be exactly what `npm run build:wasm` produces
 *  from asm/attention.ts with the pinned AssemblyScript (issue #7: committed build output only if
 *  reproducible). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { WASM_KERNEL_URL } from '../../src/kernels/wasm-kernel.js';

test('committed attention.wasm equals a fresh build', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mft-wasm-'));
  try {
    // @ts-expect-error plain ESM build script without type declarations
    const { buildWasm } = (await import('../../asm/build.mjs')) as { buildWasm: (out: string) => Promise<string> };
    const fresh = readFileSync(await buildWasm(path.join(dir, 'attention.wasm')));
    const committed = readFileSync(WASM_KERNEL_URL);
    expect(fresh.equals(committed), 'run `npm run build:wasm` and commit src/kernels/wasm/attention.wasm').toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
