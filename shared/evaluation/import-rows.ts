/**
 * Labelled sets that carry their candidates inline: JSON Lines (one query per line, as in
 * ../shared/datasets/trec-dl-passage-bm25-top100/) and CSV (one query–document pair per row).
 * Optional TREC or BEIR qrels, when given, are the judgments of the queries they cover: they
 * may judge documents outside the candidates, which the ideal DCG needs.
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { boundQuotes, quote } from '../util/excerpt';
import {
  DatasetError,
  forEachLine,
  idField,
  jsonLine,
  lineError,
  parseGrade,
  textField,
  type DatasetFile,
  type LabelledDataset,
  type LabelledQuery,
  type QrelsByQuery,
} from './dataset';
import { requireSome } from './trec-files';

/**
 * JSONL: `{"query_id", "query", "candidates": [{"doc_id", "text", "relevance"?, "judged"?}]}`
 * (`qid`/`id`, `text`, `docid`/`id`, `content` are accepted too). A candidate is a judgment if
 * it has a `relevance` and is not `"judged": false`.
 */
export function importJsonl(file: DatasetFile, qrels?: QrelsByQuery): LabelledDataset {
  const queries: LabelledQuery[] = [];
  const ids = new Set<string>();
  forEachLine(file.text, (line, number) => {
    const object = jsonLine(file.name, line, number);
    const at = `${file.name}: line ${number}`;
    const id = idField(object, ['query_id', 'qid', 'id'], () => at);
    if (ids.has(id)) throw lineError(file.name, number, `query ${quote(id)} appears twice`);
    ids.add(id);
    const text = textField(object, ['query', 'text'], () => at);
    const list = object.candidates;
    if (!Array.isArray(list)) throw lineError(file.name, number, '"candidates" must be an array');
    const query: LabelledQuery = { id, text, candidates: [], judgments: noJudgments() };
    const docs = new Set<string>();
    list.forEach((candidate: unknown, i) => {
      const where = () => `${at}: candidates[${i}]`;
      if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
        throw new DatasetError(`${where()}: expected an object`);
      }
      const c = candidate as Record<string, unknown>;
      const docId = idField(c, ['doc_id', 'docid', 'id'], where);
      if (docs.has(docId))
        throw new DatasetError(`${where()}: document ${quote(docId)} is listed twice`);
      docs.add(docId);
      query.candidates.push({ id: docId, text: textField(c, ['text', 'content'], where) });
      if (c.judged !== undefined && typeof c.judged !== 'boolean') {
        throw new DatasetError(`${where()}: "judged" must be true or false`);
      }
      if (c.relevance !== undefined && c.judged !== false) {
        query.judgments[docId] = parseGrade(c.relevance, () => `${where()}: "relevance"`);
      }
    });
    queries.push(query);
  });
  requireSome(queries.length, `${file.name}: no queries (the file is empty)`);
  return withQrels({ name: file.name, format: 'jsonl', queries, warnings: [] }, qrels);
}

/** The header's first names, each cut short: what was found, not the line itself. */
function foundColumns(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((name) => quote(name, 20));
  return names.length > 5 ? `${shown.join(', ')} and ${names.length - 5} more` : shown.join(', ');
}

/** Prototype-free, so a document id such as "__proto__" is a key like any other. */
const noJudgments = () => Object.create(null) as Record<string, number>;

const COLUMN_NAMES = {
  query: ['query', 'question', 'query_text'],
  document: ['document', 'doc', 'passage', 'text', 'doc_text'],
  relevance: ['relevance', 'label', 'grade', 'score', 'rel'],
  queryId: ['query_id', 'qid', 'queryid'],
  docId: ['doc_id', 'docid', 'document_id', 'corpus_id'],
} as const;

/**
 * CSV with a header naming at least `query`, `document` and `relevance` (`query_id` and
 * `doc_id` optional; a few common synonyms accepted). Rows of one query, in file order, are
 * its candidates in input order; a query is identified by `query_id`, else by its text. An
 * empty relevance cell is an unjudged pair. Comma, semicolon or tab separated.
 */
export function importCsv(file: DatasetFile, qrels?: QrelsByQuery): LabelledDataset {
  const text = file.text.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      delimiter,
      info: true,
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      // csv-parse quotes the field it stopped at, which can be any length: bounded here.
      throw new DatasetError(
        `${file.name}: ${line ? `line ${line}: ` : ''}${boundQuotes(error.message)}`,
      );
    }
    throw error;
  }
  const [header, ...data] = rows;
  if (!header) throw new DatasetError(`${file.name}: the file is empty`);
  const names = header.record.map((name) => name.toLowerCase());
  const column = (key: keyof typeof COLUMN_NAMES, required: boolean) => {
    const index = names.findIndex((name) =>
      (COLUMN_NAMES[key] as readonly string[]).includes(name),
    );
    if (index < 0 && required) {
      throw new DatasetError(
        `${file.name}: line 1: the header needs a "${COLUMN_NAMES[key][0]}" column (found ${foundColumns(header.record)})`,
      );
    }
    return index;
  };
  const cols = {
    query: column('query', true),
    document: column('document', true),
    relevance: column('relevance', true),
    queryId: column('queryId', false),
    docId: column('docId', false),
  };
  const byId = new Map<string, LabelledQuery>();
  for (const { record, info } of data) {
    const line = info.lines;
    const cell = (index: number) => (index < 0 ? '' : (record[index] ?? ''));
    const queryText = cell(cols.query);
    if (!queryText)
      throw lineError(file.name, line, `${quote(header.record[cols.query])} is empty`);
    const docText = cell(cols.document);
    if (!docText)
      throw lineError(file.name, line, `${quote(header.record[cols.document])} is empty`);
    const queryId = cell(cols.queryId) || queryText;
    let query = byId.get(queryId);
    if (!query)
      byId.set(queryId, (query = { id: queryId, text: queryText, candidates: [], judgments: {} }));
    const docId = cell(cols.docId) || `${query.candidates.length + 1}`;
    if (query.candidates.some((c) => c.id === docId)) {
      throw lineError(
        file.name,
        line,
        `document ${quote(docId)} is listed twice for query ${quote(queryId)}`,
      );
    }
    query.candidates.push({ id: docId, text: docText });
    const grade = cell(cols.relevance);
    if (grade !== '') {
      const field = header.record[cols.relevance];
      query.judgments[docId] = parseGrade(
        grade,
        () => `${file.name}: line ${line}: ${quote(field)}`,
      );
    }
  }
  const queries = [...byId.values()];
  requireSome(queries.length, `${file.name}: no rows after the header`);
  return withQrels({ name: file.name, format: 'csv', queries, warnings: [] }, qrels);
}

/**
 * Replaces the judgments of the queries the qrels cover with theirs, and says how many
 * judgments of the file the qrels contradict (they win: they are the official record).
 */
export function withQrels(dataset: LabelledDataset, qrels?: QrelsByQuery): LabelledDataset {
  if (!qrels) return dataset;
  let disagreements = 0;
  let covered = 0;
  for (const query of dataset.queries) {
    const judged = qrels.get(query.id);
    if (!judged) continue;
    covered++;
    for (const [doc, grade] of Object.entries(query.judgments)) {
      if (Object.hasOwn(judged, doc) && judged[doc] !== grade) disagreements++;
    }
    query.judgments = { ...judged };
  }
  if (covered === 0) {
    throw new DatasetError(
      `the qrels judge none of the ${dataset.queries.length} queries of ${dataset.name} (their query ids differ)`,
    );
  }
  if (covered < dataset.queries.length) {
    dataset.warnings.push(
      `the qrels cover ${covered} of ${dataset.queries.length} queries; the others keep the file's own grades`,
    );
  }
  if (disagreements > 0) {
    dataset.warnings.push(
      `${disagreements} grade${disagreements === 1 ? '' : 's'} in ${dataset.name} differ from the qrels; the qrels were used`,
    );
  }
  return dataset;
}
