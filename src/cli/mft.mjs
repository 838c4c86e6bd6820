#!/usr/bin/env node
// Plain-JS launcher for `npx mft` (package.json bin). Node 20 cannot load .ts files, and a bin script
// cannot pass `--import tsx` to node, so register tsx's ESM loader here and then import the TS entry.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
