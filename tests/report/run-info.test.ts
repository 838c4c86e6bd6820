import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeMachine, formatUtc, formatWallTime, gitCommit, machineInfo } from '../../src/report/run-info.js';

describe('run info', () => {
  test("gitCommit is a short hash in this checkout and 'unknown' outside git", () => {
    expect(gitCommit()).toMatch(/^([0-9a-f]{7,}( \+ uncommitted changes)?|unknown)$/);
    expect(gitCommit(mkdtempSync(join(tmpdir(), 'mft-nogit-')))).toBe('unknown');
  });

  test('machine and time formats', () => {
    const m = machineInfo();
    expect(m.cores).toBeGreaterThanOrEqual(1);
    expect(describeMachine({ cpu: 'AMD EPYC', cores: 2, node: 'v20.20.2' })).toBe('AMD EPYC, 2 cores, Node v20.20.2');
    expect(formatWallTime(850)).toBe('850 ms');
    expect(formatWallTime(12_345)).toBe('12.3 s');
    expect(formatWallTime(252_000)).toBe('4 min 12 s');
    expect(formatWallTime(3_725_000)).toBe('1 h 2 min 5 s');
    expect(formatUtc(new Date('2026-11-23T01:30:12.345Z'))).toBe('2026-11-23 01:30:12 UTC');
  });
});
