/**
 * Reading a pointwise LLM judge's answer: one grade per (query, document) prompt.
 *
 * Models answer in every shape (a bare "2", "Score: 2/3", a JSON object in a code fence, a
 * paragraph of reasoning), so parsing is lenient about form but strict about meaning: when the
 * answer does not name exactly one grade, parsing refuses with a reason instead of guessing.
 * An invented grade would be indistinguishable from a real one in the results table, while a
 * refusal shows up as a warning the user can act on.
 */

export type JudgeScale = { kind: 'numeric'; min: number; max: number } | { kind: 'yes-no' };

export type GradeResult = { ok: true; grade: number } | { ok: false; reason: string };

/** Keys of a JSON object that carry a numeric grade. */
const GRADE_KEYS = new Set(['score', 'grade', 'relevance', 'rating']);
/** Keys of a JSON object that carry a yes/no answer. */
const ANSWER_KEYS = new Set([
  'relevant',
  'relevance',
  'answer',
  'verdict',
  'judgment',
  'judgement',
]);

/**
 * A number standing alone: not part of a word ("GPT-4", "v2"), a version ("1.2.3") or a date's
 * second half. A leading "-" is a sign only when it does not follow a letter or digit.
 */
const SIGNED = String.raw`(?<![\p{L}\p{N}_.\-])-?\d+(?:\.\d+)?(?![\p{L}\p{N}_]|\.\d)`;
const UNSIGNED = String.raw`\d+(?:\.\d+)?(?![\p{L}\p{N}_]|\.\d)`;
/** A number, optionally followed by a range ("0-3", "1 to 3") or fraction ("2/3", "2 out of 3"). */
const NUMBER_FORMS = new RegExp(
  String.raw`(${SIGNED})(?:\s*(?:(-|–|—|\bto\b)|(\/|\bout of\b))\s*(${UNSIGNED}))?`,
  'giu',
);
/** Text right before a number that marks it as the grade: "Score: ", "**Relevance:** ", "rating of ". */
const LABEL_BEFORE =
  /\b(?:score|grade|relevance|rating)\b[\s*_"'`]*(?:(?:[:=]|is|of)[\s*_"'`]*)?(?:[:=][\s*_"'`]*)?$/i;
const ANSWER_LABEL =
  /\b(?:answer|relevant|verdict|judg(?:e)?ment)\b[\s*_"'`]*[:=][\s*_"'`]*(yes|no)\b/gi;
/** Dates ("2024-01-05", "05/01/2024") and times ("10:30") hold numbers that are never grades. */
const DATE_OR_TIME =
  /\b\d{4}([-/.])\d{1,2}\1\d{1,2}\b|\b\d{1,2}([-/.])\d{1,2}\2\d{4}\b|\b\d{1,2}:\d{2}\b/g;
/** Reasoning models (DeepSeek-R1, Qwen3) think aloud before answering; only the answer counts. */
const THINK_BLOCK = /<think>[\s\S]*?<\/think>/gi;

/**
 * The grade an answer gives, or why there is none. In order of authority:
 *
 * 1. A JSON object with a field named score/grade/relevance/rating (yes/no: relevant, answer,
 *    …), anywhere in the answer; numbers in the prose around it are then ignored.
 * 2. A labelled grade in prose ("Score: 2", "**Relevance:** 2/3", "Answer: yes").
 * 3. Numbers anywhere in the prose (yes/no: the first word, then any yes/no word).
 *
 * Within the level that has candidates, several distinct in-range values are refused as
 * ambiguous, values outside the scale are refused naming the scale, and no candidate at all is
 * refused too. `<think>` blocks of reasoning models are skipped.
 */
export function parseGrade(text: string, scale: JudgeScale): GradeResult {
  const answer = text.replace(THINK_BLOCK, ' ');
  const { objects, rest } = extractJsonObjects(answer);
  return scale.kind === 'numeric'
    ? parseNumeric(objects, rest, checkScale(scale))
    : parseYesNo(objects, rest);
}

interface Candidate {
  value: number;
  /** Preceded by "Score:", "Relevance is", … */
  labelled: boolean;
  /** Denominator of a fraction ("2/5" → 5). */
  outOf?: number;
}

function parseNumeric(
  objects: readonly unknown[],
  prose: string,
  scale: { min: number; max: number },
): GradeResult {
  const scaleText = `${scale.min}–${scale.max}`;
  // A grade given in a JSON object is the model's explicit answer: numbers in prose around it
  // (reasoning, counts) are not candidates.
  const fromJson = unique(objects.flatMap((o) => namedValues(o, GRADE_KEYS).flatMap(asNumber)));
  if (fromJson.length > 1) return refuse(`ambiguous: found ${listOf(fromJson)}`);
  if (fromJson.length === 1) {
    const grade = fromJson[0]!;
    return inScale(grade, scale)
      ? { ok: true, grade }
      : refuse(`out of scale: ${grade} is outside ${scaleText}`);
  }

  const candidates = proseCandidates(prose, scale);
  // "Score: 2" outranks the stray numbers of an explanation ("covers 2 of the 3 aspects").
  const labelled = candidates.filter((c) => c.labelled);
  const pool = labelled.length > 0 ? labelled : candidates;
  const valid = unique(
    pool
      .filter((c) => inScale(c.value, scale) && (c.outOf === undefined || c.outOf === scale.max))
      .map((c) => c.value),
  );
  if (valid.length > 1) return refuse(`ambiguous: found ${listOf(valid)}`);
  if (valid.length === 1) return { ok: true, grade: valid[0]! };
  const foreign = pool.find((c) => c.outOf !== undefined && c.outOf !== scale.max);
  if (foreign) {
    return refuse(
      `out of scale: the answer grades ${foreign.value} out of ${foreign.outOf}, the scale is ${scaleText}`,
    );
  }
  const outside = unique(pool.map((c) => c.value));
  if (outside.length > 0) {
    return refuse(`out of scale: found ${listOf(outside)}, the scale is ${scaleText}`);
  }
  return refuse(`no grade found (expected a number from ${scaleText})`);
}

/**
 * Every number in the prose, with fractions read as their numerator. A range equal to the scale
 * ("on a scale of 0-3") is the model restating the instructions and is skipped; any other range
 * ("2-3") is a hedge, so both ends become candidates and make the answer ambiguous.
 */
function proseCandidates(prose: string, scale: { min: number; max: number }): Candidate[] {
  const candidates: Candidate[] = [];
  const text = prose.replace(DATE_OR_TIME, ' ');
  for (const match of text.matchAll(NUMBER_FORMS)) {
    const [, first, rangeSign, fractionSign, second] = match;
    const labelled = LABEL_BEFORE.test(text.slice(Math.max(0, match.index - 40), match.index));
    const a = Number(first);
    const b = Number(second);
    if (fractionSign !== undefined) {
      candidates.push({ value: a, labelled, outOf: b });
    } else if (rangeSign !== undefined) {
      if (a === scale.min && b === scale.max) continue;
      candidates.push({ value: a, labelled }, { value: b, labelled });
    } else {
      candidates.push({ value: a, labelled });
    }
  }
  return candidates;
}

/**
 * Yes/no: a JSON answer (`{"relevant": true}`, `{"answer": "yes"}`) first, then a labelled
 * "Answer: yes", then the first word, then any yes/no word in the text; saying both or neither
 * is refused.
 */
function parseYesNo(objects: readonly unknown[], prose: string): GradeResult {
  const fromJson = unique(objects.flatMap((o) => namedValues(o, ANSWER_KEYS).flatMap(asYesNo)));
  if (fromJson.length > 1) return refuse('ambiguous: the answer says both yes and no');
  if (fromJson.length === 1) return { ok: true, grade: fromJson[0]! };

  const labelled = unique([...prose.matchAll(ANSWER_LABEL)].map((m) => yesNoWord(m[1]!)));
  if (labelled.length === 1) return { ok: true, grade: labelled[0]! };
  if (labelled.length > 1) return refuse('ambiguous: the answer says both yes and no');

  const firstWord = /^[^\p{L}\p{N}]*(\p{L}+)/u.exec(prose)?.[1];
  if (firstWord !== undefined && /^(?:yes|no)$/i.test(firstWord)) {
    return { ok: true, grade: yesNoWord(firstWord) };
  }
  const words = unique([...prose.matchAll(/\b(yes|no)\b/gi)].map((m) => yesNoWord(m[1]!)));
  if (words.length === 1) return { ok: true, grade: words[0]! };
  if (words.length > 1) return refuse('ambiguous: the answer says both yes and no');
  return refuse('no yes/no answer found');
}

function yesNoWord(word: string): number {
  return word.toLowerCase() === 'yes' ? 1 : 0;
}

/** Grade → [0, 1]: numeric grades scaled linearly from the scale's range (clamped), yes/no as is. */
export function gradeToScore(grade: number, scale: JudgeScale): number {
  if (scale.kind === 'yes-no') return grade;
  const { min, max } = checkScale(scale);
  return Math.min(1, Math.max(0, (grade - min) / (max - min)));
}

/**
 * P(yes) from the top alternatives of the first answer token, renormalised over yes and no:
 * p_yes / (p_yes + p_no). Renormalising discards the mass on other tokens ("The", "**"), which
 * says nothing about relevance. Tokenisers mark a leading space with "Ġ" (GPT-2 BPE) or "▁"
 * (SentencePiece), and " Yes", "YES" and "yes" are separate tokens whose probabilities add up.
 * Undefined when neither word is among the alternatives: there is nothing to measure.
 */
export function yesProbabilityFromLogprobs(
  top: readonly { token: string; logprob: number }[],
): number | undefined {
  let yes = 0;
  let no = 0;
  for (const { token, logprob } of top) {
    if (Number.isNaN(logprob)) continue;
    const word = token
      .replace(/^[\sĠ▁]+/u, '')
      .trim()
      .toLowerCase();
    if (word === 'yes') yes += Math.exp(logprob);
    else if (word === 'no') no += Math.exp(logprob);
  }
  return yes + no > 0 ? yes / (yes + no) : undefined;
}

const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `{name}` with `values[name]` in one pass over the template, so a document that
 * itself contains "{query}" or "{document}" is inserted literally, never expanded again.
 * Unknown names stay as written (JSON examples in a prompt, like `{"score": 2}`, never match).
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(VARIABLE, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}

/** The `{name}` variables of a template, each once, in order of first use. */
export function templateVariables(template: string): string[] {
  return unique([...template.matchAll(VARIABLE)].map((m) => m[1]!));
}

/**
 * The JSON objects embedded in an answer (in a code fence or mid-sentence), and the text with
 * them blanked out. Braces are matched with string literals in mind, so `{"reason": "a {b}"}`
 * is one object; a brace run that is not valid JSON stays in the text.
 */
function extractJsonObjects(text: string): { objects: unknown[]; rest: string } {
  const objects: unknown[] = [];
  let rest = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open === -1) break;
    const close = matchingBrace(text, open);
    const parsed = close === -1 ? undefined : tryParseObject(text.slice(open, close + 1));
    if (parsed === undefined) {
      rest += text.slice(i, open + 1);
      i = open + 1;
    } else {
      objects.push(parsed);
      rest += text.slice(i, open) + ' ';
      i = close + 1;
    }
  }
  return { objects, rest: rest + text.slice(i) };
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return -1;
}

function tryParseObject(slice: string): object | undefined {
  try {
    const value: unknown = JSON.parse(slice);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Values of keys in `names` (case-insensitive), in this object and any nested one. */
function namedValues(value: unknown, names: ReadonlySet<string>): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => [
    ...(names.has(key.toLowerCase()) ? [v] : []),
    ...namedValues(v, names),
  ]);
}

/** A finite number, or a string holding exactly one (`"2"`, `" 2.5 "`). */
function asNumber(value: unknown): number[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [value] : [];
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return [Number(value)];
  return [];
}

function asYesNo(value: unknown): number[] {
  if (typeof value === 'boolean') return [value ? 1 : 0];
  if (typeof value !== 'string') return [];
  const word = value.trim().toLowerCase();
  if (word === 'yes' || word === 'true') return [1];
  if (word === 'no' || word === 'false') return [0];
  return [];
}

function checkScale(scale: { min: number; max: number }): { min: number; max: number } {
  if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max) || scale.min >= scale.max) {
    throw new RangeError(`a numeric scale needs finite min < max, got ${scale.min}–${scale.max}`);
  }
  return scale;
}

function inScale(grade: number, { min, max }: { min: number; max: number }): boolean {
  return grade >= min && grade <= max;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** "1 and 3", "1, 2 and 3" */
function listOf(values: readonly number[]): string {
  return values.length <= 1
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;
}

function refuse(reason: string): GradeResult {
  return { ok: false, reason };
}
