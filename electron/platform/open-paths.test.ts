import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openablePaths } from './open-paths';

const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openablePaths', () => {
  it('keeps existing workspace, config and document files, resolved against the launch folder', () => {
    writeFileSync(path.join(dir, 'study.rerank.json'), '{}');
    writeFileSync(path.join(dir, 'bm25.rerank.yaml'), 'version: 1');
    writeFileSync(path.join(dir, 'docs.csv'), 'text\nhello');
    mkdirSync(path.join(dir, 'folder.json'));
    const argv = [
      '--enable-logging',
      'study.rerank.json',
      path.join(dir, 'bm25.rerank.yaml'),
      'docs.csv',
      'missing.rerank.json',
      'folder.json',
      'README.md',
      '.',
      'study.rerank.json',
    ];
    expect(openablePaths(argv, dir)).toEqual([
      path.join(dir, 'study.rerank.json'),
      path.join(dir, 'bm25.rerank.yaml'),
      path.join(dir, 'docs.csv'),
    ]);
  });
});
