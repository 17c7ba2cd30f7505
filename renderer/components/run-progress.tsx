import { useEffect, useState } from 'react';
import { useAppStore } from '../store/context';

/** Elapsed time as the status shows it: tenths of a second, then m:ss past a minute. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** While columns run: how many are done of how many, and for how long it has been running. */
export function RunProgress() {
  const running = useAppStore((s) => s.runStatus !== 'idle');
  const runId = useAppStore((s) => s.snapshot?.runId);
  // Keyed by the run, so each run's clock starts at zero.
  return running ? <RunClock key={runId} /> : null;
}

function RunClock() {
  const total = useAppStore((s) => Object.keys(s.columnRuns).length);
  const done = useAppStore(
    (s) => Object.values(s.columnRuns).filter((run) => run.status !== 'running').length,
  );
  const [started] = useState(() => performance.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="run-progress">
      <progress value={done} max={Math.max(total, 1)} aria-label="Columns done" />
      <span className="run-progress-text">
        {done} of {total} columns · {formatElapsed(now - started)}
      </span>
    </span>
  );
}
