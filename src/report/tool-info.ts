/** The tool's name and version as package.json states them, recorded in every evidence file. */
import { readFileSync } from 'node:fs';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
}

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    cached = { name: pkg.name, version: pkg.version };
  }
  return cached;
}
