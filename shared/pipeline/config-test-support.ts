/**
 * Hostile pipeline configs for the security tests, written as JSON text: `JSON.stringify`
 * recurses, and a config 10,000 levels deep is exactly what it cannot write.
 */

const LEAF = '{"version":1,"name":"bm25","strategy":"heuristic"}';

/** Fusions nested `depth` deep: each level fuses the one below with a BM25 leaf. */
export function nestedFusionText(depth: number): string {
  let text = LEAF;
  for (let i = 0; i < depth; i++) {
    text = `{"version":1,"name":"fusion ${i}","strategy":"fusion","params":{"members":[${text},${LEAF}]}}`;
  }
  return text;
}

/** Fallbacks nested `depth` deep: each config falls back to the one below. */
export function nestedFallbackText(depth: number): string {
  let text = LEAF;
  for (let i = 0; i < depth; i++) {
    text = `{"version":1,"name":"bm25 ${i}","strategy":"heuristic","fallbacks":[${text}]}`;
  }
  return text;
}

/** A dedicated-model config whose free-form `params` nest `depth` objects deep. */
export function nestedParamsText(depth: number): string {
  return `{"version":1,"name":"deep","strategy":"dedicated-model","provider":"cohere","params":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}
