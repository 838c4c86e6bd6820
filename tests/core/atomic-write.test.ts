import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../src/core/atomic-write.js';

/** Every writeFileSync call goes through here: the test records the paths written and can make the
 *  n-th write fail, either before anything reaches the disk or after part of the content did
 *  (an interrupted run, a full disk). */
const fsSpy = vi.hoisted(() => ({
  written: [] as string[],
  failAt: -1,
  partial: false,
}));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const writeFileSync = (path: string, content: string | Uint8Array): void => {
    const call = fsSpy.written.length;
    fsSpy.written.push(path);
    if (call === fsSpy.failAt) {
      if (fsSpy.partial) actual.writeFileSync(path, content.slice(0, 3));
      throw new Error(`simulated write failure at ${path}`);
    }
    actual.writeFileSync(path, content);
  };
  return { ...actual, writeFileSync, default: { ...actual, writeFileSync } };
});

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mft-atomic-'));
  fsSpy.written = [];
  fsSpy.failAt = -1;
  fsSpy.partial = false;
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Temp name: hidden, next to the target (a rename is atomic only within one file system), tagged with
 *  the process id and a timestamp so that two runs do not share one. */
function tempPattern(base: string): RegExp {
  return new RegExp(`^\\.${base.replace(/\./g, '\\.')}\\.${process.pid}\\.\\d+\\.tmp$`);
}

describe('writeFileAtomic', () => {
  test('writes through a hidden temp file in the same folder, then renames it: no temp file left', () => {
    const path = join(dir, 'out.json');
    writeFileAtomic(path, '{"a":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    expect(fsSpy.written).toHaveLength(1);
    const temp = fsSpy.written[0];
    expect(temp.startsWith(dir + '/')).toBe(true);
    expect(temp.slice(dir.length + 1)).toMatch(tempPattern('out.json'));
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  test('replaces an existing file, accepts bytes, and creates missing parent folders', () => {
    const path = join(dir, 'out.bin');
    writeFileSync(path, 'old');
    writeFileAtomic(path, Uint8Array.from([0, 255, 7]));
    expect(Array.from(readFileSync(path))).toEqual([0, 255, 7]);
    const nested = join(dir, 'a', 'b', 'c.txt');
    writeFileAtomic(nested, 'deep');
    expect(readFileSync(nested, 'utf8')).toBe('deep');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['c.txt']);
  });

  test('an interrupted write (part of the content on disk) leaves the previous file intact and no temp file', () => {
    const path = join(dir, 'evidence.json');
    writeFileSync(path, 'previous content');
    fsSpy.failAt = 1; // the call above was write 0
    fsSpy.partial = true;
    expect(() => writeFileAtomic(path, 'new content')).toThrow(/simulated write failure/);
    expect(readFileSync(path, 'utf8')).toBe('previous content');
    expect(readdirSync(dir)).toEqual(['evidence.json']);
  });

  test('a write that fails before creating the temp file rethrows that error (cleanup tolerates the missing temp)', () => {
    const path = join(dir, 'report.md');
    writeFileSync(path, 'previous');
    fsSpy.failAt = 1;
    expect(() => writeFileAtomic(path, 'new')).toThrow(/simulated write failure/);
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  test('a failing rename (the target is a folder) removes the temp file and rethrows', () => {
    const path = join(dir, 'taken');
    mkdirSync(path);
    writeFileSync(join(path, 'keep.txt'), 'kept');
    expect(() => writeFileAtomic(path, 'x')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(path, 'keep.txt'), 'utf8')).toBe('kept');
  });
});

describe('writeFilesAtomic', () => {
  test('writes every file (creating folders) through temp files in their own folders, no temp left', () => {
    const a = join(dir, 'evidence', 'a.json');
    const b = join(dir, 'figures', 'deep', 'b.svg');
    writeFilesAtomic([
      { path: a, content: 'A' },
      { path: b, content: Uint8Array.from([66]) },
    ]);
    expect(readFileSync(a, 'utf8')).toBe('A');
    expect(readFileSync(b, 'utf8')).toBe('B');
    expect(fsSpy.written).toHaveLength(2);
    expect(fsSpy.written[0].startsWith(join(dir, 'evidence') + '/')).toBe(true);
    expect(fsSpy.written[0].slice(join(dir, 'evidence').length + 1)).toMatch(tempPattern('a.json'));
    expect(fsSpy.written[1].slice(join(dir, 'figures', 'deep').length + 1)).toMatch(tempPattern('b.svg'));
    expect(readdirSync(join(dir, 'evidence'))).toEqual(['a.json']);
    expect(readdirSync(join(dir, 'figures', 'deep'))).toEqual(['b.svg']);
  });

  test('all or nothing: when the second write fails, the first file is not replaced and no temp file is left', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, 'old A');
    writeFileSync(b, 'old B');
    fsSpy.failAt = 3; // writes 0 and 1 above; 2 is a's temp, 3 is b's temp
    fsSpy.partial = true;
    expect(() =>
      writeFilesAtomic([
        { path: a, content: 'new A' },
        { path: b, content: 'new B' },
      ]),
    ).toThrow(/simulated write failure/);
    expect(readFileSync(a, 'utf8')).toBe('old A');
    expect(readFileSync(b, 'utf8')).toBe('old B');
    // both temp files, the completed one of a and the half-written one of b, are removed
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
  });

  test('a write that fails before creating its temp file rethrows that error and removes the other temps', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    fsSpy.failAt = 1;
    expect(() =>
      writeFilesAtomic([
        { path: a, content: 'new A' },
        { path: b, content: 'new B' },
      ]),
    ).toThrow(/simulated write failure/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
