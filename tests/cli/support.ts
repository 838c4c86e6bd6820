/** Runs the CLI in-process with captured output, and makes scratch folders. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(argv: string[], options: { stdin?: string; errIsTTY?: boolean } = {}): Promise<CliRun> {
  const io = captureCliIo(options);
  try {
    const code = await main(argv);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  } finally {
    io.restore();
  }
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'mft-cli-'));
}

/** Every file in a folder, including temp files a failed write might have left behind. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The output without its wall-clock field, which is the one part that varies between runs. */
export function withoutWallTime(json: string): unknown {
  const parsed = JSON.parse(json) as { stats: { wallMs?: number } };
  delete parsed.stats.wallMs;
  return parsed;
}
