/**
 * The CLI's progress bar on stderr: one line redrawn in place (`\r`, then erase to the end of
 * the line) with the share done, what is counted, and the time left. Drawn only when stderr is
 * a terminal: piped or redirected, stderr gets no progress at all, so logs and scripts read
 * only warnings and errors (as curl and npm do with their meters).
 */
import { performance } from 'node:perf_hooks';
import { formatTimeLeft } from '../../../shared/progress/time-left';
import type { CliIo } from './io';

/** Redraws at most this often: a fast local model finishes a batch every few milliseconds. */
const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export interface ProgressState {
  done: number;
  total: number;
  /** What is counted, already worded: "12 of 40 queries", "3.1 of 18.2 MB". */
  label: string;
  etaMs?: number;
}

/** The line as drawn, without the carriage return: `[#####-------] 42% label · about 2 min left`. */
export function renderProgress({ done, total, label, etaMs }: ProgressState): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${String(Math.floor(share * 100)).padStart(3)}%`;
  const left = etaMs !== undefined && done < total ? ` · ${formatTimeLeft(etaMs)}` : '';
  return `${bar} ${percent} ${label}${left}`;
}

export interface ProgressBar {
  update(state: ProgressState): void;
  /** Erases the bar, so what is written next starts on a clean line. */
  clear(): void;
}

/** A bar on `io`'s stderr, or one that draws nothing when stderr is not a terminal. */
export function progressBar(io: CliIo, now: () => number = () => performance.now()): ProgressBar {
  if (!io.stderrIsTTY) return { update: () => {}, clear: () => {} };
  let drawnAt = -Infinity;
  let drawn = false;
  let estimated = false;
  return {
    update(state) {
      const at = now();
      // Throttled, except the end and the first estimate: a time left is shown once known.
      const firstEstimate = !estimated && state.etaMs !== undefined;
      if (at - drawnAt < REDRAW_MS && state.done < state.total && !firstEstimate) return;
      drawnAt = at;
      drawn = true;
      estimated ||= state.etaMs !== undefined;
      let line = renderProgress(state);
      // A line longer than the terminal wraps, and `\r` then redraws only its last part.
      if (io.stderrColumns && line.length >= io.stderrColumns)
        line = line.slice(0, io.stderrColumns - 1);
      io.stderr(`\r${line}\x1b[K`);
    },
    clear() {
      if (drawn) io.stderr('\r\x1b[K');
      drawn = false;
    },
  };
}
