/** The sample the app opens with, and the ranking the "input order" column must show. */
export { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from '../renderer/sample';

/** Input order 0..n-1. */
export function inputOrder(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

/** Three short documents for history and comparison specs: "zebra" in two, "tea" in one. */
export const ZEBRA_DOCUMENTS = [
  'Tea is grown on steep hillsides.',
  'A zebra grazes on the savanna.',
  'Zebra stripes may keep biting flies away.',
];
