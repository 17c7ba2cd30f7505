/** Small pieces several adapters share: URLs, response schemas, parse errors. */
import { z } from 'zod';
import { formatIssue } from '../../shared/contract/issues';
import { fail, ok, type Result } from '../../shared/util/result';
import type { AdapterCall, AdapterResult } from './types';

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

export const texts = (call: AdapterCall): string[] => call.documents.map((d) => d.text);

/** Parses a provider body with a schema, turning a mismatch into a message naming the field. */
export function parseWith<T>(provider: string, schema: z.ZodType<T>, body: unknown): Result<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return fail(
    'internal',
    `${provider} answered with an unexpected body${issue ? `: ${formatIssue(issue)}` : ''}`,
  );
}

/** Checks that every index a provider returned is inside the batch. */
export function checkIndices(
  provider: string,
  result: AdapterResult,
  call: AdapterCall,
): Result<AdapterResult> {
  const size = call.documents.length;
  const bad = result.results.find(
    (r) => !Number.isInteger(r.index) || r.index < 0 || r.index >= size,
  );
  if (bad)
    return fail(
      'internal',
      `${provider} returned index ${bad.index} for a batch of ${size} documents`,
    );
  return ok(result);
}

/** `{ results: [{ index, relevance_score }] }`: Cohere and everything shaped like it. */
export const CohereShapedResults = z.object({
  results: z.array(z.object({ index: z.int(), relevance_score: z.number() })),
});

export function fromCohereShape(
  provider: string,
  body: unknown,
  call: AdapterCall,
): Result<AdapterResult> {
  const parsed = parseWith(provider, CohereShapedResults, body);
  if (!parsed.ok) return parsed;
  return checkIndices(
    provider,
    { results: parsed.value.results.map((r) => ({ index: r.index, rawScore: r.relevance_score })) },
    call,
  );
}

/** Optional top-level `usage: { total_tokens }` (Jina, Voyage, Infinity, vLLM). */
export const TokenUsage = z
  .object({
    usage: z
      .object({ total_tokens: z.number().optional(), prompt_tokens: z.number().optional() })
      .partial()
      .optional(),
  })
  .passthrough();

export function tokenUsage(body: unknown): { totalTokens?: number } | undefined {
  const parsed = TokenUsage.safeParse(body);
  const total = parsed.success
    ? (parsed.data.usage?.total_tokens ?? parsed.data.usage?.prompt_tokens)
    : undefined;
  return total === undefined ? undefined : { totalTokens: total };
}

/** Adds optional fields only when set, so requests carry exactly what the user chose. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
