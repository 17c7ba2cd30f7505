/**
 * Heuristic adjustments around a base score (usually BM25): the knobs a search team turns
 * before reaching for a model: favour short or long documents, keywords, metadata fields and
 * fresh documents.
 *
 * Applied in this order, each step on the result of the previous one:
 *
 *   1. length   s = base / ((1 − slope) + slope · len / pivot)
 *   2. keywords s += Σ weight · ln(1 + occurrences)
 *   3. fields   s += Σ weight (value match)  or  weight · metadata value (numeric field)
 *   4. recency  s ·= (1 − weight) + weight · 0.5^(age days / half-life days)
 *
 * Length normalisation rescales the relevance evidence in the base score, so it comes first
 * and leaves the additive boosts alone (a keyword boost should not shrink for long documents
 * twice). Recency multiplies last so that it discounts everything, boosts included: a stale
 * document should not win back its age through a keyword.
 *
 * Documents' data problems (no date, no number) become warnings; invalid parameters, which a
 * config schema should already have rejected, throw a RangeError naming the parameter.
 */
import { tokenize } from './tokenize';

export interface BoostParams {
  keywords?: { term: string; weight: number }[];
  fields?: { field: string; weight: number; value?: string | number | boolean }[];
  recency?: { field: string; halfLifeDays: number; weight: number; now?: string };
  length?: { slope: number; pivot?: number };
}

export interface BoostDocument {
  text: string;
  metadata?: Record<string, unknown>;
  tokenCount: number;
}

export interface BoostResult {
  scores: number[];
  warnings: string[];
}

const DAY_MS = 86_400_000;

export function applyBoosts(
  base: readonly number[],
  docs: readonly BoostDocument[],
  params: BoostParams,
  nowMs: number,
): BoostResult {
  if (base.length !== docs.length) {
    throw new RangeError(`${base.length} base scores for ${docs.length} documents`);
  }
  const warnings: string[] = [];
  let scores = lengthNormalised(base, docs, params.length, warnings);
  if (params.keywords?.length) scores = withKeywords(scores, docs, params.keywords, warnings);
  if (params.fields?.length) scores = withFields(scores, docs, params.fields, warnings);
  if (params.recency) scores = withRecency(scores, docs, params.recency, nowMs, warnings);
  return { scores, warnings };
}

/**
 * Pivoted length normalisation (Singhal, Buckley & Mitra 1996): a document exactly `pivot`
 * tokens long keeps its score; with slope > 0 longer ones are divided by more than 1, shorter
 * ones by less. The pivot defaults to the mean token count of the candidates, the point where
 * the paper's retrieval and relevance curves cross. Slope 0 (or no `length`) turns it off.
 */
function lengthNormalised(
  base: readonly number[],
  docs: readonly BoostDocument[],
  length: BoostParams['length'],
  warnings: string[],
): number[] {
  if (!length || length.slope === 0) return [...base];
  const { slope } = length;
  if (!Number.isFinite(slope) || slope < 0 || slope > 1) {
    throw new RangeError(`length slope must be between 0 and 1, got ${slope}`);
  }
  if (length.pivot !== undefined && !(Number.isFinite(length.pivot) && length.pivot > 0)) {
    throw new RangeError(`length pivot must be a number > 0, got ${length.pivot}`);
  }
  const pivot = length.pivot ?? docs.reduce((sum, d) => sum + d.tokenCount, 0) / (docs.length || 1);
  if (!(pivot > 0)) {
    if (docs.length > 0) {
      warnings.push('length normalisation skipped: no document has any tokens to compare');
    }
    return [...base];
  }
  return base.map((score, i) => {
    const divisor = 1 - slope + (slope * docs[i]!.tokenCount) / pivot;
    // Only slope 1 with an empty document gets here with 0; dividing would give NaN or ∞.
    return divisor > 0 ? score / divisor : score;
  });
}

/**
 * weight · ln(1 + occurrences) per keyword: the first mention counts most and repeats add
 * less and less, so keyword stuffing cannot run away with the ranking. A multi-word term is a
 * phrase: its tokens must appear consecutively (overlapping matches all count).
 */
function withKeywords(
  scores: readonly number[],
  docs: readonly BoostDocument[],
  keywords: NonNullable<BoostParams['keywords']>,
  warnings: string[],
): number[] {
  const phrases = keywords.flatMap(({ term, weight }) => {
    if (!Number.isFinite(weight)) {
      throw new RangeError(`keyword "${term}" has weight ${weight}; it must be finite`);
    }
    const tokens = tokenize(term);
    if (tokens.length === 0) {
      warnings.push(`keyword "${term}" has no letters or digits to match; ignored`);
      return [];
    }
    return [{ tokens, weight }];
  });
  if (phrases.length === 0) return [...scores];
  return scores.map((score, i) => {
    const tokens = tokenize(docs[i]!.text);
    let boosted = score;
    for (const { tokens: phrase, weight } of phrases) {
      boosted += weight * Math.log1p(occurrences(tokens, phrase));
    }
    return boosted;
  });
}

function occurrences(tokens: readonly string[], phrase: readonly string[]): number {
  let count = 0;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((token, j) => tokens[i + j] === token)) count++;
  }
  return count;
}

/**
 * With `value`: + weight when the field equals it. Strings compare trimmed and
 * case-insensitively; metadata often stores numbers and booleans as text (CSV, hand-typed
 * JSON), so "5" matches 5 and "TRUE" matches true; an array field (tags) matches when any
 * element does.
 * Without `value`: + weight · the field's number (a finite number or numeric text), e.g. a
 * popularity or quality score. Documents without one get nothing and are counted in a warning.
 */
function withFields(
  scores: readonly number[],
  docs: readonly BoostDocument[],
  fields: NonNullable<BoostParams['fields']>,
  warnings: string[],
): number[] {
  const boosted = [...scores];
  for (const { field, weight, value } of fields) {
    if (!Number.isFinite(weight)) {
      throw new RangeError(`field "${field}" has weight ${weight}; it must be finite`);
    }
    let withoutNumber = 0;
    docs.forEach((doc, i) => {
      const actual = lookup(doc.metadata, field);
      if (value !== undefined) {
        if (matches(actual, value)) boosted[i]! += weight;
        return;
      }
      const n = asNumber(actual);
      if (n === undefined) withoutNumber++;
      else boosted[i]! += weight * n;
    });
    if (withoutNumber > 0) {
      warnings.push(
        `field "${field}" had no number in ${withoutNumber} of ${docs.length} documents; they got no boost from it`,
      );
    }
  }
  return boosted;
}

/**
 * metadata[field], or the dotted path `a.b` → metadata.a.b. A key that itself contains dots
 * ("dc.date", common in exported metadata) wins over the path, so such fields stay reachable.
 */
function lookup(metadata: Record<string, unknown> | undefined, field: string): unknown {
  if (metadata === undefined) return undefined;
  if (Object.hasOwn(metadata, field)) return metadata[field];
  let current: unknown = metadata;
  for (const key of field.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function matches(actual: unknown, expected: string | number | boolean): boolean {
  if (Array.isArray(actual)) return actual.some((element) => matches(element, expected));
  if (typeof actual === 'string') {
    const text = actual.trim().toLowerCase();
    if (typeof expected === 'string') return text === expected.trim().toLowerCase();
    if (typeof expected === 'number') return text !== '' && Number(text) === expected;
    return text === String(expected);
  }
  if (typeof expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) {
    return matches(expected, actual);
  }
  return actual === expected;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Exponential decay by age: a document `halfLifeDays` old keeps half of the `weight` share of
 * its score. `weight` is how much of the score recency controls (0 = none, 1 = all), so a
 * brand-new document keeps its score and even an ancient one keeps 1 − weight of it.
 *
 * A document without a usable date is treated as infinitely old (factor 1 − weight) rather than
 * as new: rewarding missing data would let undated documents beat dated ones. `now` in the
 * params, when given, wins over `nowMs` so that a saved configuration reproduces its results.
 */
function withRecency(
  scores: readonly number[],
  docs: readonly BoostDocument[],
  recency: NonNullable<BoostParams['recency']>,
  nowMs: number,
  warnings: string[],
): number[] {
  const { field, halfLifeDays, weight } = recency;
  if (!Number.isFinite(halfLifeDays) || halfLifeDays <= 0) {
    throw new RangeError(`recency half-life must be a number of days > 0, got ${halfLifeDays}`);
  }
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) {
    throw new RangeError(`recency weight must be between 0 and 1, got ${weight}`);
  }
  const now = recency.now === undefined ? nowMs : parseDate(recency.now);
  if (now === undefined || !Number.isFinite(now)) {
    throw new RangeError(`recency "now" is not a usable date: ${recency.now ?? nowMs}`);
  }
  let undated = 0;
  const result = scores.map((score, i) => {
    const date = parseDate(lookup(docs[i]!.metadata, field));
    if (date === undefined) {
      undated++;
      return score * (1 - weight);
    }
    const ageDays = Math.max(0, (now - date) / DAY_MS);
    return score * (1 - weight + weight * 0.5 ** (ageDays / halfLifeDays));
  });
  if (undated > 0) {
    warnings.push(
      `${undated} of ${docs.length} documents had no usable date in "${field}"; their scores were multiplied by ${Number((1 - weight).toPrecision(12))}`,
    );
  }
  return result;
}

/** "2024-05-01", "2024-05-01T12:00", "2024-05-01 12:00:00+02:00", with optional fraction. */
const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Epoch milliseconds from an ISO 8601 string or an epoch-milliseconds number. Other formats
 * are refused because `Date.parse` reads them differently in different engines. A date-time
 * without a zone is read as UTC, not as the machine's local time, so results do not depend on
 * where the app runs.
 */
function parseDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value.trim());
  if (!match) return undefined;
  const [, day, time, zone] = match;
  const text =
    time === undefined
      ? day!
      : `${day}T${time}${zone === undefined ? 'Z' : zone.toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
