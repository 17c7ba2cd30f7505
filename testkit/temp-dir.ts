/**
 * A fresh, empty data folder for a test's services, removed when the test process exits. Never
 * a fixed path: a history or models folder left there by another run (or another branch's
 * schema) would leak into this one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function freshDataDir(prefix = 'test'): string {
  const dir = mkdtempSync(path.join(tmpdir(), `rerank-studio-${prefix}-`));
  made.push(dir);
  return dir;
}
