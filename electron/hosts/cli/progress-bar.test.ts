import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { progressBar, renderProgress } from './progress-bar';

function io(tty: boolean, columns?: number): CliIo & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    stdout: () => {},
    stderr: (text) => written.push(text),
    readStdin: () => Promise.resolve(''),
    readFile: () => Promise.resolve(''),
    env: {},
    stderrIsTTY: tty,
    ...(columns ? { stderrColumns: columns } : {}),
  };
}

describe('the CLI progress bar', () => {
  it('draws the share, the label and the time left', () => {
    expect(
      renderProgress({ done: 30, total: 120, label: '30 of 120 queries', etaMs: 125_000 }),
    ).toBe('[######------------------]  25% 30 of 120 queries · about 2 min left');
    expect(renderProgress({ done: 120, total: 120, label: 'all', etaMs: 0 })).toBe(
      '[########################] 100% all',
    );
    expect(renderProgress({ done: 0, total: 0, label: 'listing' })).toBe(
      '[------------------------]   0% listing',
    );
  });

  it('redraws one line in place on a terminal, throttled, and erases it at the end', () => {
    let now = 0;
    const terminal = io(true);
    const bar = progressBar(terminal, () => now);
    bar.update({ done: 0, total: 10, label: 'a' });
    now = 50;
    bar.update({ done: 1, total: 10, label: 'b' }); // too soon
    bar.update({ done: 2, total: 10, label: 'c', etaMs: 40_000 }); // the first estimate
    now = 60;
    bar.update({ done: 3, total: 10, label: 'd', etaMs: 30_000 }); // too soon
    now = 200;
    bar.update({ done: 4, total: 10, label: 'e', etaMs: 30_000 });
    now = 201;
    bar.update({ done: 10, total: 10, label: 'f', etaMs: 0 }); // the end, always
    bar.clear();
    expect(terminal.written.map((w) => w.replace(/^\r\[[#-]+\] +\d+% /, ''))).toEqual([
      'a\x1b[K',
      'c · about 40 s left\x1b[K',
      'e · about 30 s left\x1b[K',
      'f\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('never wraps past the terminal width', () => {
    const narrow = io(true, 20);
    progressBar(narrow).update({ done: 1, total: 2, label: 'a long label' });
    expect(narrow.written[0]).toBe(`\r${'[############-----------'.slice(0, 19)}\x1b[K`);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const piped = io(false);
    const bar = progressBar(piped);
    bar.update({ done: 1, total: 2, label: 'x', etaMs: 1000 });
    bar.clear();
    expect(piped.written).toEqual([]);
  });
});
