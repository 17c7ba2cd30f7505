/**
 * Where the window was and how big, kept in `<dataDir>/window-state.json` and given back at
 * the next start, unless the screen it was on is gone (a laptop off its external monitor):
 * a window is only put back where at least a usable part of its title bar is on a display.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** How much of the window's top edge must be on a display for it to be reachable. */
const GRIP = { width: 120, height: 32 } as const;

const FILE = 'window-state.json';

/** The saved state, or undefined if there is none or it is not usable. */
export function loadWindowState(
  dataDir: string,
  displays: readonly Bounds[],
): WindowState | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8'));
  } catch {
    return undefined; // No file yet, or a damaged one: the default size will do.
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { bounds, maximized } = raw as { bounds?: Partial<Bounds>; maximized?: unknown };
  if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(Number.isFinite)) {
    return undefined;
  }
  const width = Math.max(MIN_SIZE.width, Math.round(bounds.width!));
  const height = Math.max(MIN_SIZE.height, Math.round(bounds.height!));
  const restored = { x: Math.round(bounds.x!), y: Math.round(bounds.y!), width, height };
  if (!displays.some((display) => reachable(restored, display))) return undefined;
  return { bounds: restored, maximized: maximized === true };
}

/** Whether the window's title bar overlaps the display's work area enough to grab it. */
function reachable(bounds: Bounds, display: Bounds): boolean {
  const left = Math.max(bounds.x, display.x);
  const right = Math.min(bounds.x + bounds.width, display.x + display.width);
  const top = Math.max(bounds.y, display.y);
  const bottom = Math.min(bounds.y + GRIP.height, display.y + display.height);
  return right - left >= GRIP.width && bottom - top >= GRIP.height / 2;
}

/** Writes the state atomically: a crash mid-write leaves the previous file. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}
