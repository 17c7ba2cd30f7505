/** The sample the app opens with, and the ranking the "input order" column must show. */
export { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from '../renderer/sample';

/** Input order 0..n-1. */
export function inputOrder(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
