import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shortcutRows, shortcutsTable, SHORTCUT_HEADER } from './shortcuts-table';

/** The cells of a Markdown table's rows, however Prettier padded them. */
function cells(markdown: string): string[][] {
  return markdown
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

describe('the README shortcuts table', () => {
  it('lists every command with its shortcuts, as the command list declares them', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- shortcuts:start -->');
    const end = readme.indexOf('<!-- shortcuts:end -->');
    expect(start, 'README.md has the shortcuts markers').toBeGreaterThan(-1);
    const table = readme.slice(start, end);
    // On a mismatch, paste this between the markers and run `npx prettier --write README.md`.
    const expected = shortcutsTable();
    expect(cells(table), expected).toEqual([[...SHORTCUT_HEADER], ...shortcutRows()]);
  });
});
