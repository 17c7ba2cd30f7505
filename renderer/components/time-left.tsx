import { formatTimeLeft, timeLeftLabel } from '../../shared/progress/time-left';

/**
 * "about 2 min left" beside a progress bar, with the same in words for assistive technology
 * ("About 2 minutes left for the download of …"). A timer role: it counts down as work proceeds.
 */
export function TimeLeft({ etaMs, of }: { etaMs: number; of: string }) {
  return (
    <span className="time-left" role="timer" aria-label={`${timeLeftLabel(etaMs)} for ${of}`}>
      {formatTimeLeft(etaMs)}
    </span>
  );
}
