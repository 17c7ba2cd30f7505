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

/**
 * Documents as objects whose metadata fields sit beside `text`, for APIs that rank on named
 * fields (Mixedbread, Together and Pinecone `rank_fields`).
 */
export const documentObjects = (call: AdapterCall): Record<string, unknown>[] =>
  call.documents.map((d) => ({ ...d.metadata, text: d.text }));

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

/** Where a provider puts its ranked list, and what it calls the fields. */
export interface ScoreList {
  /** Top-level field holding the list; `null` when the body itself is the list (TEI). */
  list: string | null;
  index: string;
  score: string;
}

/**
 * Reads `[{ index, score }]` out of a provider's answer, checking every entry, and says which
 * entry is wrong if one is. Hand-written rather than a schema because it runs on every call
 * over up to thousands of entries, where a schema library's generality costs about a
 * millisecond per thousand and this costs a few microseconds.
 */
export function readScores(
  provider: string,
  body: unknown,
  call: AdapterCall,
  shape: ScoreList,
): Result<AdapterResult> {
  const unexpected = (detail: string) =>
    fail('internal', `${provider} answered with an unexpected body: ${detail}`);
  const list: unknown = shape.list === null ? body : isRecord(body) ? body[shape.list] : undefined;
  const where = shape.list ?? 'the body';
  if (!Array.isArray(list)) return unexpected(`${where}: expected an array, got ${typeName(list)}`);
  const size = call.documents.length;
  const results: { index: number; rawScore: number }[] = new Array<{
    index: number;
    rawScore: number;
  }>(list.length);
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    const at = `${shape.list ?? ''}[${i}]`;
    if (!isRecord(entry)) return unexpected(`${at}: expected an object, got ${typeName(entry)}`);
    const index = entry[shape.index];
    const score = entry[shape.score];
    if (typeof index !== 'number' || !Number.isInteger(index))
      return unexpected(`${at}.${shape.index}: expected an integer, got ${typeName(index)}`);
    if (typeof score !== 'number' || !Number.isFinite(score))
      return unexpected(`${at}.${shape.score}: expected a number, got ${typeName(score)}`);
    if (index < 0 || index >= size)
      return fail(
        'internal',
        `${provider} returned index ${index} for a batch of ${size} documents`,
      );
    results[i] = { index, rawScore: score };
  }
  return ok({ results });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : typeof value;
}

export const COHERE_SHAPE: ScoreList = {
  list: 'results',
  index: 'index',
  score: 'relevance_score',
};

/** `{ results: [{ index, relevance_score }] }`: Cohere and everything shaped like it. */
export function fromCohereShape(
  provider: string,
  body: unknown,
  call: AdapterCall,
): Result<AdapterResult> {
  return readScores(provider, body, call, COHERE_SHAPE);
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
