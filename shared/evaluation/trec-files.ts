/**
 * The line formats of TREC and BEIR test collections: qrels, runs, queries and passage
 * collections. Each parser takes one line at a time (so the host can stream a collection of
 * millions of passages and keep only those a run names) and throws a {@link DatasetError}
 * naming the file, the line and the field.
 */
import { quote } from '../util/excerpt';
import {
  addJudgment,
  DatasetError,
  forEachLine,
  idField,
  jsonLine,
  lineError,
  parseGrade,
  textField,
  type DatasetFile,
  type QrelsByQuery,
} from './dataset';

/** TREC qrels: `qid iteration docid grade`, whitespace-separated. */
export function parseTrecQrels(file: DatasetFile, into: QrelsByQuery = new Map()): QrelsByQuery {
  forEachLine(file.text, (line, number) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 4) {
      throw lineError(
        file.name,
        number,
        `expected 4 fields "query-id iteration doc-id relevance", found ${fields.length}`,
      );
    }
    const [queryId, , docId, grade] = fields as [string, string, string, string];
    const where = () => `${file.name}: line ${number}`;
    addJudgment(
      into,
      queryId,
      docId,
      parseGrade(grade, () => `${where()}: field 4`),
      where,
    );
  });
  return into;
}

/** BEIR qrels: a TSV `query-id corpus-id score` with a header line. */
export function parseBeirQrels(file: DatasetFile, into: QrelsByQuery = new Map()): QrelsByQuery {
  let header = true;
  forEachLine(file.text, (line, number) => {
    const fields = line.split('\t').map((field) => field.trim());
    if (header) {
      header = false;
      // The header is optional in practice; a first line whose third field is a number is data.
      if (!/^-?\d+$/.test(fields[2] ?? '')) return;
    }
    if (fields.length < 3) {
      throw lineError(
        file.name,
        number,
        `expected 3 tab-separated fields "query-id corpus-id score", found ${fields.length}`,
      );
    }
    const [queryId, docId, grade] = fields as [string, string, string];
    const where = () => `${file.name}: line ${number}`;
    if (!queryId || !docId) throw lineError(file.name, number, 'empty query-id or corpus-id');
    addJudgment(
      into,
      queryId,
      docId,
      parseGrade(grade, () => `${where()}: field "score"`),
      where,
    );
  });
  return into;
}

/** One entry of a run: a document retrieved for a query with a score. */
export interface RunEntry {
  docId: string;
  score: number;
  line: number;
}

/**
 * A TREC run: `qid Q0 docid rank score tag`. Each query's documents come back in trec_eval's
 * order: score descending, ties by document id descending (the rank field is ignored, as
 * trec_eval ignores it). A document listed twice for a query is refused, as trec_eval does.
 */
export function parseTrecRun(file: DatasetFile): Map<string, RunEntry[]> {
  const run = new Map<string, RunEntry[]>();
  const seen = new Map<string, Set<string>>();
  forEachLine(file.text, (line, number) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 6) {
      throw lineError(
        file.name,
        number,
        `expected 6 fields "query-id Q0 doc-id rank score run-tag", found ${fields.length}`,
      );
    }
    const [queryId, , docId, , scoreText] = fields as [string, string, string, string, string];
    const score = Number(scoreText);
    if (!Number.isFinite(score)) {
      throw lineError(
        file.name,
        number,
        `field 5 (score) must be a number (got ${quote(scoreText)})`,
      );
    }
    let ids = seen.get(queryId);
    if (!ids) seen.set(queryId, (ids = new Set()));
    if (ids.has(docId)) {
      throw lineError(
        file.name,
        number,
        `document ${quote(docId)} is listed twice for query ${quote(queryId)}`,
      );
    }
    ids.add(docId);
    let entries = run.get(queryId);
    if (!entries) run.set(queryId, (entries = []));
    entries.push({ docId, score, line: number });
  });
  for (const entries of run.values()) {
    entries.sort(
      (a, b) => b.score - a.score || (a.docId < b.docId ? 1 : a.docId > b.docId ? -1 : 0),
    );
  }
  return run;
}

/** An id and a text, as queries and collections give them. */
export interface TextEntry {
  id: string;
  text: string;
}

/**
 * One line of a queries file or a passage collection: TSV `id<TAB>text` (MS MARCO), or a
 * JSON object `{"_id"|"id"|"docid"|"qid", "title"?, "text"|"contents"}` (BEIR, Pyserini).
 * A title is put before the text, as BEIR does.
 */
export function parseTextLine(fileName: string, line: string, number: number): TextEntry {
  if (line.trimStart().startsWith('{')) {
    const object = jsonLine(fileName, line, number);
    const where = () => `${fileName}: line ${number}`;
    const id = idField(object, ['_id', 'id', 'docid', 'doc_id', 'qid', 'query_id'], where);
    const title = typeof object.title === 'string' ? object.title.trim() : '';
    let body = '';
    try {
      body = textField(object, ['text', 'contents', 'content', 'query'], where);
    } catch (error) {
      if (!title) throw error;
    }
    return { id, text: title && body ? `${title} ${body}` : title || body };
  }
  const tab = line.indexOf('\t');
  if (tab < 0) {
    throw lineError(fileName, number, 'expected "id<TAB>text" or a JSON object');
  }
  const id = line.slice(0, tab).trim();
  const text = line.slice(tab + 1).trim();
  if (!id) throw lineError(fileName, number, 'the id (before the tab) is empty');
  if (!text) throw lineError(fileName, number, `the text of ${quote(id)} is empty`);
  return { id, text };
}

/** A whole queries file or collection; `wanted` keeps only those ids. */
export function parseTextFile(
  file: DatasetFile,
  wanted?: ReadonlySet<string>,
): Map<string, string> {
  const entries = new Map<string, string>();
  forEachLine(file.text, (line, number) => {
    const entry = parseTextLine(file.name, line, number);
    if (wanted && !wanted.has(entry.id)) return;
    if (entries.has(entry.id)) {
      throw lineError(file.name, number, `id ${quote(entry.id)} appears twice`);
    }
    entries.set(entry.id, entry.text);
  });
  return entries;
}

/** Refuses a set in which nothing can be evaluated, naming what is missing. */
export function requireSome(count: number, message: string): void {
  if (count === 0) throw new DatasetError(message);
}
