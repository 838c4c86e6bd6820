/** The dispatcher and its error policy, run in-process with captured output; one real process at the
 *  end checks the launcher and the exit code. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { captureCliIo, type CapturedIo } from '../../src/cli/io.js';
import { COMMANDS, main, reportError } from '../../src/cli/main.js';

let io: CapturedIo | undefined;
afterEach(() => io?.restore());

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  io = captureCliIo();
  const code = await main(argv);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('mft main', () => {
  test('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('--help lists every registered command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  test('no command prints usage and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: mft <command>');
  });

  test('help <cmd> and <cmd> --help print the command help', async () => {
    const a = await runCli(['help', 'simulate']);
    io?.restore();
    const b = await runCli(['simulate', '--help']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('mft simulate');
  });

  test('an unknown command suggests the closest name, one line, exit 2', async () => {
    const r = await runCli(['simulat']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mft: command: got "simulat". Did you mean "simulate"? Commands: ' + Object.keys(COMMANDS).join(', ') + ' (mft --help).\n');
  });

  test('an unknown global flag is a parseArgs error: one line, no stack, exit 2', async () => {
    const r = await runCli(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'--bogus'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('reportError: ConfigError is one line (2), other errors print their stack (1)', () => {
    io = captureCliIo();
    expect(reportError(new ConfigError('beta', 'abc', 'Expected a number.'))).toBe(2);
    expect(io.stderr()).toBe('mft: beta: got "abc". Expected a number.\n');
    io.restore();
    io = captureCliIo();
    expect(reportError(new RangeError('boom'))).toBe(1);
    expect(io.stderr()).toMatch(/^RangeError: boom\n\s+at /);
  });
});

describe('the real process (bin launcher)', () => {
  test('node src/cli/mft.mjs: usage error exits 2 with one line on stderr', () => {
    const r = spawnSync(process.execPath, ['src/cli/mft.mjs', 'simulat'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('Did you mean "simulate"?');
    expect(r.stdout).toBe('');
  });

  test('the npm script entry (tsx src/cli/main.ts) runs main itself', () => {
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });
});
