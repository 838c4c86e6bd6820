/** Safe writes: content goes to a temporary file in the same folder, then a rename puts it in place.
 *  A rename within one file system is atomic, so an interrupted run leaves the previous file intact. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes several files so that none is replaced unless all were written: every temp file is
 *  completed first, then all are renamed. */
export function writeFilesAtomic(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): void {
  const staged: Array<{ temp: string; path: string }> = [];
  try {
    for (const { path, content } of files) {
      const dir = dirname(path);
      mkdirSync(dir, { recursive: true });
      const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
      // staged before the write, so that a write failing half-way has its temp file removed too
      staged.push({ temp, path });
      writeFileSync(temp, content);
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw error;
  }
  for (const s of staged) renameSync(s.temp, s.path);
}
