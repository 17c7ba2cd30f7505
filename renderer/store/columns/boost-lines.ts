/**
 * The BM25 boosts as a person types them, one per line, and back:
 *
 *   keywords:  `dog training = 2`            (a word or a phrase, then its weight)
 *   fields:    `source = vet : 3`            (metadata field equals a value: + weight)
 *              `popularity : 0.1`            (no value: + weight × the field's number)
 *
 * Blank lines and lines starting with `#` are skipped. A line that does not read names its
 * number and what was expected; nothing is applied until every line reads.
 */
import { fail, ok, type Result } from '../../../shared/util/result';

export interface KeywordBoost {
  term: string;
  weight: number;
}

export interface FieldBoost {
  field: string;
  weight: number;
  value?: string | number | boolean;
}

function lines(text: string): { n: number; line: string }[] {
  return text
    .split('\n')
    .map((line, i) => ({ n: i + 1, line: line.trim() }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'));
}

function weightOf(text: string): number | undefined {
  const value = Number(text.trim().replace(/\u2212/g, '-'));
  return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
}

export function parseKeywordLines(text: string): Result<KeywordBoost[]> {
  const boosts: KeywordBoost[] = [];
  for (const { n, line } of lines(text)) {
    const at = line.lastIndexOf('=');
    const term = at < 0 ? '' : line.slice(0, at).trim();
    const weight = at < 0 ? undefined : weightOf(line.slice(at + 1));
    if (!term || weight === undefined) {
      return fail(
        'invalid_request',
        `keyword line ${n}: write "term or phrase = weight", e.g. "dog training = 2"`,
      );
    }
    boosts.push({ term, weight });
  }
  return ok(boosts);
}

export function formatKeywordLines(boosts: readonly KeywordBoost[] | undefined): string {
  return (boosts ?? []).map((b) => `${b.term} = ${b.weight}`).join('\n');
}

/** `true`/`false` and numbers are read as such, so `featured = true` matches a boolean. */
function valueOf(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}

export function parseFieldLines(text: string): Result<FieldBoost[]> {
  const boosts: FieldBoost[] = [];
  for (const { n, line } of lines(text)) {
    const colon = line.lastIndexOf(':');
    const weight = colon < 0 ? undefined : weightOf(line.slice(colon + 1));
    const left = colon < 0 ? '' : line.slice(0, colon);
    const equals = left.indexOf('=');
    const field = (equals < 0 ? left : left.slice(0, equals)).trim();
    const value = equals < 0 ? undefined : left.slice(equals + 1).trim();
    if (!field || weight === undefined || value === '') {
      return fail(
        'invalid_request',
        `field line ${n}: write "field = value : weight" or "numeric field : weight", e.g. "source = vet : 3"`,
      );
    }
    boosts.push(value === undefined ? { field, weight } : { field, value: valueOf(value), weight });
  }
  return ok(boosts);
}

export function formatFieldLines(boosts: readonly FieldBoost[] | undefined): string {
  return (boosts ?? [])
    .map((b) =>
      b.value === undefined
        ? `${b.field} : ${b.weight}`
        : `${b.field} = ${String(b.value)} : ${b.weight}`,
    )
    .join('\n');
}

export interface RecencyBoost {
  field: string;
  halfLifeDays: number;
  weight: number;
}

/** `published, 30` or `published, 30, 0.5`: date field, half-life in days, weight (default 1). */
export function parseRecencyLine(text: string): Result<RecencyBoost | undefined> {
  if (text.trim() === '') return ok(undefined);
  const [field = '', days = '', weight = '1', ...extra] = text.split(',').map((p) => p.trim());
  const halfLifeDays = weightOf(days);
  const w = weightOf(weight);
  if (
    !field ||
    halfLifeDays === undefined ||
    halfLifeDays <= 0 ||
    w === undefined ||
    w < 0 ||
    w > 1 ||
    extra.length > 0
  ) {
    return fail(
      'invalid_request',
      'recency: write "date field, half-life in days[, weight from 0 to 1]", e.g. "published, 30, 0.5"',
    );
  }
  return ok({ field, halfLifeDays, weight: w });
}

export function formatRecencyLine(recency: RecencyBoost | undefined): string {
  return recency ? `${recency.field}, ${recency.halfLifeDays}, ${recency.weight}` : '';
}
