/** Helpers of the adapter tests: a sample call, request building, recorded response bodies. */
import { readFileSync } from 'node:fs';
import type { RerankProvider } from '../../../shared/providers/catalog';
import type { RerankDocument } from '../../../shared/rerank/documents';
import type { AdapterCall } from '../types';
import { adapterFor } from '.';

export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));

export const docs = (n: number): RerankDocument[] =>
  Array.from({ length: n }, (_, i) => ({ index: 100 + i, text: `doc ${i}` }));

export function call(overrides: Partial<AdapterCall> = {}): AdapterCall {
  return {
    query: 'q',
    documents: docs(5),
    model: 'm',
    baseUrl: 'https://api.example',
    ...overrides,
  };
}

export function build(
  provider: RerankProvider,
  params: unknown = {},
  overrides: Partial<AdapterCall> = {},
  nextToken?: string,
) {
  const adapter = adapterFor(provider);
  const parsed = adapter.params.parse(params);
  const resolved = adapter.resolveParams ? adapter.resolveParams(parsed, {}) : parsed;
  return adapter.buildRequest(call(overrides), resolved, nextToken);
}

/** Vertex cannot run without a project; every other provider has defaults for everything. */
const REQUIRED_PARAMS: Partial<Record<RerankProvider, object>> = { vertex: { project: 'p' } };

export function parse(
  provider: RerankProvider,
  body: unknown,
  size = 5,
  params: unknown = REQUIRED_PARAMS[provider] ?? {},
) {
  const adapter = adapterFor(provider);
  return adapter.parseResponse(body, call({ documents: docs(size) }), adapter.params.parse(params));
}
