/** Local ids for React keys and column identity; unique within this page's lifetime. */
let counter = 0;
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}
