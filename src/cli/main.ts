/** The `mft` command line: global flags, dispatch to a lazily imported command, and the error policy
 *  of STYLE §6 (ConfigError / parseArgs error → one line, exit 2; anything else → stack, exit 1).
 *
 *  Run it as `npm run mft -- <command> ...` (tsx) or `npx mft <command> ...` (bin launcher mft.mjs). */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/config-error.js';
import { closestName } from './closest-name.js';
import { cliIo } from './io.js';

/** Command name → lazy import of `./commands/<name>.js`. A module may also export `summary` (one line
 *  for `mft --help`) and `help` (the text of `mft help <name>`). Append new commands at the end. */
export const COMMANDS: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  simulate: () => import('./commands/simulate.js'),
  list: () => import('./commands/list.js'),
  check: () => import('./commands/check.js'),
  report: () => import('./commands/report.js'),
  merge: () => import('./commands/merge.js'),
};

interface CommandHelp {
  readonly summary?: string;
  readonly help?: string;
}

/** Exit codes (STYLE §6). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: mft <command> [options]
       mft help <command>      the options of one command
       mft --version

Negative numbers in flags must be attached with '=': write --beta=-1, not --beta -1
(node's parseArgs reads "-1" as an option).

Exit codes: 0 success, 1 a failed verdict or a run that did not succeed, 2 bad usage or config.`;

/** Runs the CLI on `argv` (without node and script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch([...argv]);
  } catch (error) {
    return reportError(error);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const io = cliIo();
  const firstPositional = argv.findIndex((a) => !a.startsWith('-'));
  const globalArgs = firstPositional < 0 ? argv : argv.slice(0, firstPositional);
  const { values } = parseArgs({
    args: globalArgs,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } },
    strict: true,
  });
  if (values.version) {
    io.out(`${readVersion()}\n`);
    return EXIT_OK;
  }
  if (firstPositional < 0) {
    io.out(`${await topLevelHelp()}\n`);
    return values.help ? EXIT_OK : EXIT_USAGE;
  }
  const name = argv[firstPositional];
  const rest = argv.slice(firstPositional + 1);
  if (name === 'help') {
    if (rest.length === 0) {
      io.out(`${await topLevelHelp()}\n`);
      return EXIT_OK;
    }
    const module = await loadCommand(rest[0]);
    io.out(`${commandHelp(rest[0], module)}\n`);
    return EXIT_OK;
  }
  const module = await loadCommand(name);
  const beforeSeparator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
    io.out(`${commandHelp(name, module)}\n`);
    return EXIT_OK;
  }
  return module.run(rest);
}

async function loadCommand(name: string): Promise<{ run(argv: string[]): Promise<number> } & CommandHelp> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const names = Object.keys(COMMANDS);
    const guess = closestName(name, names);
    throw new ConfigError('command', name, `${guess ? `Did you mean "${guess}"? ` : ''}Commands: ${names.join(', ')} (mft --help).`);
  }
  return load();
}

function commandHelp(name: string, module: CommandHelp): string {
  return module.help ?? `mft ${name}${module.summary ? `: ${module.summary}` : ''}\n(no further help)`;
}

async function topLevelHelp(): Promise<string> {
  const lines = [`mft ${readVersion()}: checks the mathematics of mean-field transformers against numerics.`, '', USAGE, '', 'Commands:'];
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  for (const [name, load] of Object.entries(COMMANDS)) {
    let summary = '';
    try {
      summary = ((await load()) as CommandHelp).summary ?? '';
    } catch {
      summary = '(fails to load: run it to see the error)';
    }
    lines.push(`  ${name.padEnd(width)}  ${summary}`);
  }
  return lines.join('\n');
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** STYLE §6: usage and config errors are one line without a stack (exit 2); anything else is a bug or
 *  an environment failure, so its stack is printed (exit 1). */
export function reportError(error: unknown): number {
  const io = cliIo();
  if (isUsageError(error)) {
    io.err(`mft: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT_USAGE;
  }
  io.err(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  return EXIT_FAILURE;
}

function isUsageError(error: unknown): boolean {
  if (error instanceof ConfigError) return true;
  if (!(error instanceof Error)) return false;
  // A second copy of config-error.ts (another loader) would defeat instanceof; the name is enough.
  if (error.name === 'ConfigError') return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** True when this file is the process entry (`tsx src/cli/main.ts`), not when imported by mft.mjs or a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
