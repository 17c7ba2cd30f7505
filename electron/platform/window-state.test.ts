import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from './window-state';

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-window-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => path.join(root, `case-${++n}`);
const LAPTOP = { x: 0, y: 0, width: 1920, height: 1080 };
const MONITOR = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('window state', () => {
  it('gives back the bounds and maximised state it saved', () => {
    const dir = folder();
    const state = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: true };
    saveWindowState(dir, state);
    expect(loadWindowState(dir, [LAPTOP])).toEqual(state);
  });

  it('forgets a window left on a display that is no longer there', () => {
    const dir = folder();
    saveWindowState(dir, {
      bounds: { x: 2500, y: 100, width: 1400, height: 900 },
      maximized: false,
    });
    expect(loadWindowState(dir, [LAPTOP, MONITOR])?.bounds.x).toBe(2500);
    expect(loadWindowState(dir, [LAPTOP])).toBeUndefined();
  });

  it('keeps a window whose title bar is only partly on screen, if it can be grabbed', () => {
    const dir = folder();
    saveWindowState(dir, {
      bounds: { x: -1200, y: 10, width: 1400, height: 900 },
      maximized: false,
    });
    // 200 pixels of its top edge are on the laptop's screen.
    expect(loadWindowState(dir, [LAPTOP])).toBeDefined();
    saveWindowState(dir, {
      bounds: { x: 100, y: -890, width: 1400, height: 900 },
      maximized: false,
    });
    expect(loadWindowState(dir, [LAPTOP]), 'title bar above the screen').toBeUndefined();
  });

  it('grows a saved size below the minimum, and ignores a missing or damaged file', () => {
    const dir = folder();
    saveWindowState(dir, { bounds: { x: 0, y: 0, width: 300, height: 200 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP])?.bounds).toEqual({ x: 0, y: 0, width: 800, height: 560 });
    expect(loadWindowState(folder(), [LAPTOP])).toBeUndefined();
    const broken = folder();
    saveWindowState(broken, { bounds: { x: 0, y: 0, width: 900, height: 700 }, maximized: false });
    writeFileSync(path.join(broken, 'window-state.json'), '{"bounds": {"x": "left"');
    expect(loadWindowState(broken, [LAPTOP])).toBeUndefined();
  });
});
