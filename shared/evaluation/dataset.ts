/**
 * A labelled query set, whatever file format it came from: for each query its candidates in
 * input order (the baseline ranking) and its judgments (document id → grade). Judgments may
 * cover documents that are not among the candidates (TREC qrels judge a whole pool); those
 * still count in the ideal DCG and in the number of relevant documents, as in trec_eval.
 */
import { z } from 'zod';
import { quote } from '../util/excerpt';
import { describeJsonError } from '../util/json';
import { isEvaluable, type Judgments } from './metrics';

export const DATASET_FORMATS = ['jsonl', 'beir', 'trec', 'csv'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface LabelledCandidate {
  id: string;
  text: string;
}

export interface LabelledQuery {
  id: string;
  text: string;
  /** In input order: the baseline column ranks them exactly so. */
  candidates: LabelledCandidate[];
  judgments: Record<string, number>;
}

export interface LabelledDataset {
  name: string;
  format: DatasetFormat;
  queries: LabelledQuery[];
  /** What the import noticed but did not refuse (qrels disagreeing with a file's grades, …). */
  warnings: string[];
}

/** A file as the importers take it: its name (for error messages) and its text. */
export interface DatasetFile {
  name: string;
  text: string;
}

/** What the panel shows about an imported set before anything runs. */
export const DatasetSummary = z.object({
  datasetId: z.string(),
  name: z.string(),
  format: z.enum(DATASET_FORMATS),
  queries: z.int(),
  /** Queries with no judgment at all: trec_eval skips them, and so does the evaluation. */
  unjudgedQueries: z.int(),
  candidates: z.int(),
  maxCandidates: z.int(),
  judgments: z.int(),
  /** Judged documents that are not among their query's candidates. */
  judgedOutsideCandidates: z.int(),
  /** Number of judgments per grade, e.g. `{ "0": 885, "1": 526 }`. */
  grades: z.record(z.string(), z.int()),
  warnings: z.array(z.string()),
});
export type DatasetSummary = z.output<typeof DatasetSummary>;

export function summarizeDataset(datasetId: string, dataset: LabelledDataset): DatasetSummary {
  let candidates = 0;
  let maxCandidates = 0;
  let judgments = 0;
  let outside = 0;
  let unjudged = 0;
  const grades: Record<string, number> = {};
  for (const query of dataset.queries) {
    candidates += query.candidates.length;
    maxCandidates = Math.max(maxCandidates, query.candidates.length);
    if (!isEvaluable(query.judgments)) unjudged++;
    const ids = new Set(query.candidates.map((c) => c.id));
    for (const [id, grade] of Object.entries(query.judgments)) {
      judgments++;
      if (!ids.has(id)) outside++;
      grades[String(grade)] = (grades[String(grade)] ?? 0) + 1;
    }
  }
  return {
    datasetId,
    name: dataset.name,
    format: dataset.format,
    queries: dataset.queries.length,
    unjudgedQueries: unjudged,
    candidates,
    maxCandidates,
    judgments,
    judgedOutsideCandidates: outside,
    grades,
    warnings: dataset.warnings,
  };
}

/** A user's file is wrong: the message names the file, the line and the field. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** `corpus.jsonl: line 3: "text" must be a string` */
export function lineError(file: string, line: number, message: string): DatasetError {
  return new DatasetError(`${file}: line ${line}: ${message}`);
}

/** Calls `each` with every non-blank line and its 1-based number (CRLF and a BOM tolerated). */
export function forEachLine(text: string, each: (line: string, number: number) => void): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() !== '') each(line, i + 1);
  });
}

/** Parses a JSON Lines line into an object, or throws naming the line. */
export function jsonLine(file: string, line: string, number: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw lineError(file, number, `not valid JSON (${describeJsonError(error, line)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw lineError(file, number, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The first of `names` present in `object` (not undefined), or throws naming them all. */
function firstField(
  object: Record<string, unknown>,
  names: readonly string[],
  where: () => string,
): [string, unknown] {
  for (const name of names) if (object[name] !== undefined) return [name, object[name]];
  throw new DatasetError(`${where()}: missing ${names.map((n) => `"${n}"`).join(' or ')}`);
}

/** The first of `names` present in `object`, as a string id (numbers are accepted). */
export function idField(
  object: Record<string, unknown>,
  names: readonly string[],
  where: () => string,
): string {
  const [name, value] = firstField(object, names, where);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new DatasetError(`${where()}: "${name}" must be a non-empty string or a number`);
}

/** The first of `names` present, as non-blank text. */
export function textField(
  object: Record<string, unknown>,
  names: readonly string[],
  where: () => string,
): string {
  const [name, value] = firstField(object, names, where);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new DatasetError(`${where()}: "${name}" must be non-empty text`);
}

/** A relevance grade: an integer (trec_eval reads grades as integers). */
export function parseGrade(value: unknown, where: () => string): number {
  const grade = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof grade !== 'number' || !Number.isInteger(grade)) {
    throw new DatasetError(`${where()}: the relevance must be an integer (got ${quote(value)})`);
  }
  return grade;
}

/** Qrels of several queries: query id → judgments. */
export type QrelsByQuery = Map<string, Record<string, number>>;

/** Adds one judgment, refusing a document judged twice for a query (trec_eval refuses too). */
export function addJudgment(
  qrels: QrelsByQuery,
  queryId: string,
  docId: string,
  grade: number,
  where: () => string,
): void {
  let judgments = qrels.get(queryId);
  if (!judgments) qrels.set(queryId, (judgments = Object.create(null) as Record<string, number>));
  if (Object.hasOwn(judgments, docId)) {
    throw new DatasetError(
      `${where()}: document ${quote(docId)} is judged twice for query ${quote(queryId)}`,
    );
  }
  judgments[docId] = grade;
}

/** Plain object copy (prototype-free objects do not survive structured clone checks well). */
export function plainJudgments(judgments: Judgments | undefined): Record<string, number> {
  return judgments ? { ...judgments } : {};
}
