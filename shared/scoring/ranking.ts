/** Turning scores into a ranking, and describing how a ranking moved against the input order. */
import { assertNever } from '../util/assert-never';

export interface Scored {
  index: number;
  score: number;
}

/**
 * Sorts by score, highest first; ties keep the input order so rankings are deterministic.
 * NaN scores sort last.
 */
export function rankByScore<T extends Scored>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const sa = Number.isNaN(a.score) ? -Infinity : a.score;
    const sb = Number.isNaN(b.score) ? -Infinity : b.score;
    return sb - sa || a.index - b.index;
  });
}

export type Movement =
  | { kind: 'up'; by: number }
  | { kind: 'down'; by: number }
  | { kind: 'same' }
  /** Not among the first `shown` documents of the input order: it entered the visible list. */
  | { kind: 'new' };

/**
 * Movement of the document at `rank` (0-based) whose input position is `index`, against the
 * input order cut to the same number of shown results. With no cut nothing is ever "new".
 */
export function movementAgainstInput(rank: number, index: number, shown: number): Movement {
  if (index >= shown) return { kind: 'new' };
  if (index === rank) return { kind: 'same' };
  return index > rank ? { kind: 'up', by: index - rank } : { kind: 'down', by: rank - index };
}

/** `↑3`, `↓2`, `new`, `=`: the compact label shown next to each result. */
export function movementLabel(movement: Movement): string {
  switch (movement.kind) {
    case 'up':
      return `↑${movement.by}`;
    case 'down':
      return `↓${movement.by}`;
    case 'same':
      return '=';
    case 'new':
      return 'new';
    default:
      return assertNever(movement, 'movement');
  }
}
