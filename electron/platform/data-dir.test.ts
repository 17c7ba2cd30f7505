import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir';

describe('resolveDataDir', () => {
  it('honours RERANK_STUDIO_DATA_DIR on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(resolveDataDir({ RERANK_STUDIO_DATA_DIR: 'rel/dir' }, platform, '/home/u')).toBe(
        path.resolve('rel/dir'),
      );
    }
  });

  it('uses the OS app-data folder Electron calls userData', () => {
    expect(resolveDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Rerank Studio');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe(
      '/xdg/Rerank Studio',
    );
    expect(resolveDataDir({}, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Application Support/Rerank Studio',
    );
    expect(
      resolveDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'),
    ).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'Rerank Studio'));
  });
});
