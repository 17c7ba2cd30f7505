/**
 * Test collections whose candidates live apart from the queries: TREC (qrels, a run giving each
 * query's candidates and order, the queries, a passage collection) and BEIR (`corpus.jsonl`,
 * `queries.jsonl`, `qrels/<split>.tsv`). BEIR ships no candidates, so unless a run file is
 * given they are retrieved here with BM25 over the corpus (the project's BM25, top
 * `depth`), which is how BEIR's own reranking baselines are built. Pure: the host reads the
 * files (streaming a large collection) and passes the parsed parts in.
 */
import { buildCorpus, scoreRange } from '../scoring/bm25';
import { tokenize } from '../scoring/tokenize';
import { quote } from '../util/excerpt';
import {
  DatasetError,
  type DatasetFile,
  type LabelledDataset,
  type LabelledQuery,
  type QrelsByQuery,
} from './dataset';
import { importCsv, importJsonl } from './import-rows';
import {
  parseBeirQrels,
  parseTextFile,
  parseTrecQrels,
  parseTrecRun,
  requireSome,
  type RunEntry,
} from './trec-files';

export type FileRole = 'qrels' | 'run' | 'queries' | 'collection';

/**
 * What a file of a TREC or BEIR set is, from its name (`qrels.dl19-passage.txt`,
 * `run.bm25.trec`, `topics.dl19.tsv`, `collection.tsv`, `corpus.jsonl`, `qrels/test.tsv`).
 */
export function roleOf(fileName: string): FileRole | undefined {
  const name = fileName.replace(/\\/g, '/').toLowerCase();
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (name.includes('qrels') || /^(test|dev|train)\.tsv$/.test(base)) return 'qrels';
  if (/(^|[._-])run([._-]|$)/.test(base) || base.endsWith('.run') || base.endsWith('.trec'))
    return 'run';
  if (/^(queries|topics|query)\b/.test(base)) return 'queries';
  if (/^(collection|corpus|passages|docs|documents)\b/.test(base)) return 'collection';
  return undefined;
}

export interface TrecParts {
  name: string;
  qrels: QrelsByQuery;
  run: Map<string, RunEntry[]>;
  runFile: string;
  queries: ReadonlyMap<string, string>;
  queriesFile: string;
  /** At least the documents the run names. */
  collection: ReadonlyMap<string, string>;
  collectionFile: string;
}

/** TREC: the run's queries that have a text; candidates in trec_eval's order of the run. */
export function assembleTrec(parts: TrecParts): LabelledDataset {
  const queries: LabelledQuery[] = [];
  const warnings: string[] = [];
  let noText = 0;
  for (const [queryId, entries] of parts.run) {
    const text = parts.queries.get(queryId);
    if (text === undefined) {
      noText++;
      continue;
    }
    const candidates = entries.map((entry) => {
      const passage = parts.collection.get(entry.docId);
      if (passage === undefined) {
        throw new DatasetError(
          `${parts.runFile}: line ${entry.line}: document ${quote(entry.docId)} is not in ${parts.collectionFile}`,
        );
      }
      return { id: entry.docId, text: passage };
    });
    queries.push({ id: queryId, text, candidates, judgments: { ...parts.qrels.get(queryId) } });
  }
  if (noText > 0) {
    warnings.push(
      `${noText} queries of ${parts.runFile} have no text in ${parts.queriesFile} and were left out`,
    );
  }
  requireSome(queries.length, `${parts.runFile}: none of its queries is in ${parts.queriesFile}`);
  return { name: parts.name, format: 'trec', queries, warnings };
}

export interface BeirParts {
  name: string;
  corpus: ReadonlyMap<string, string>;
  corpusFile: string;
  queries: ReadonlyMap<string, string>;
  queriesFile: string;
  qrels: QrelsByQuery;
  qrelsFile: string;
  /** Candidates from a run file instead of BM25. */
  run?: Map<string, RunEntry[]>;
  /** BM25 candidates per query (default 100). */
  depth?: number;
}

/** BEIR: the queries the qrels judge, in the queries file's order. */
export function assembleBeir(parts: BeirParts): LabelledDataset {
  const judged = [...parts.queries].filter(([id]) => parts.qrels.has(id));
  requireSome(
    judged.length,
    `${parts.qrelsFile}: judges none of the queries in ${parts.queriesFile} (their ids differ)`,
  );
  const warnings: string[] = [];
  let ranked: (ids: readonly [string, string][]) => string[][];
  if (parts.run) {
    const run = parts.run;
    ranked = (ids) => ids.map(([id]) => (run.get(id) ?? []).map((entry) => entry.docId));
  } else {
    ranked = (ids) =>
      bm25Retrieve(
        parts.corpus,
        ids.map(([, text]) => text),
        parts.depth ?? 100,
      );
    warnings.push(
      `candidates: the top ${parts.depth ?? 100} of ${parts.corpus.size} documents by BM25 (k1 1.2, b 0.75) over ${parts.corpusFile}; that order is the baseline`,
    );
  }
  const lists = ranked(judged);
  const queries = judged.map(([id, text], i) => ({
    id,
    text,
    candidates: lists[i]!.map((docId) => {
      const passage = parts.corpus.get(docId);
      if (passage === undefined) {
        throw new DatasetError(
          `the run names document ${quote(docId)}, which is not in ${parts.corpusFile}`,
        );
      }
      return { id: docId, text: passage };
    }),
    judgments: { ...parts.qrels.get(id) },
  }));
  return { name: parts.name, format: 'beir', queries, warnings };
}

/**
 * First-stage BM25 over a whole corpus, with an inverted index so a query touches only the
 * documents that share a term with it. Ties keep corpus order.
 */
export function bm25Retrieve(
  corpus: ReadonlyMap<string, string>,
  queries: readonly string[],
  depth: number,
): string[][] {
  const ids = [...corpus.keys()];
  const stats = buildCorpus([...corpus.values()].map(tokenize));
  const postings = new Map<string, number[]>();
  stats.termFrequencies.forEach((tf, doc) => {
    for (const term of tf.keys()) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push(doc);
    }
  });
  return queries.map((query) => {
    const terms = tokenize(query);
    const touched = new Set<number>();
    for (const term of new Set(terms)) for (const doc of postings.get(term) ?? []) touched.add(doc);
    const scored = [...touched].map((doc) => ({
      doc,
      score: scoreRange(stats, terms, { k1: 1.2, b: 0.75 }, doc, doc + 1)[0]!,
    }));
    scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return scored.slice(0, depth).map(({ doc }) => ids[doc]!);
  });
}

export interface ImportOptions {
  /** Qrels that replace or complete the set's own judgments (JSONL, CSV) or are its qrels. */
  qrels?: DatasetFile;
  /** BM25 depth for BEIR sets without a run. */
  depth?: number;
  /** A display name (default: the main file's name). */
  name?: string;
}

/** Qrels in either layout: a `.tsv` with a header is BEIR's, anything else TREC's. */
export function parseQrels(file: DatasetFile, into?: QrelsByQuery): QrelsByQuery {
  const firstLine = file.text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') && firstLine.trim().split(/\s+/).length === 3
    ? parseBeirQrels(file, into)
    : parseTrecQrels(file, into);
}

/**
 * Imports a set from files already read (the panel's file picker sends them): one file for
 * JSONL and CSV; for TREC and BEIR the files of the set, recognised by {@link roleOf}.
 */
export function importFiles(
  format: 'jsonl' | 'csv' | 'trec' | 'beir',
  files: readonly DatasetFile[],
  options: ImportOptions = {},
): LabelledDataset {
  const qrels = options.qrels ? parseQrels(options.qrels) : undefined;
  if (format === 'jsonl' || format === 'csv') {
    const main = files.filter((file) => roleOf(file.name) !== 'qrels');
    if (main.length !== 1) {
      throw new DatasetError(`a ${format.toUpperCase()} set is one file (got ${main.length})`);
    }
    const extra = files.find((file) => roleOf(file.name) === 'qrels');
    const judgments = qrels ?? (extra ? parseQrels(extra) : undefined);
    const dataset =
      format === 'jsonl' ? importJsonl(main[0]!, judgments) : importCsv(main[0]!, judgments);
    return options.name ? { ...dataset, name: options.name } : dataset;
  }
  const byRole = (role: FileRole) => files.filter((file) => roleOf(file.name) === role);
  const one = (role: FileRole, hint: string): DatasetFile => {
    const found = byRole(role);
    if (found.length === 1) return found[0]!;
    throw new DatasetError(
      found.length === 0
        ? `a ${format.toUpperCase()} set needs ${hint}; none of ${files.map((f) => f.name).join(', ') || 'no files'} looks like one`
        : `a ${format.toUpperCase()} set takes one ${role} file, got ${found.map((f) => f.name).join(', ')}`,
    );
  };
  const qrelsFile = qrels ? undefined : pickQrels(byRole('qrels'), format);
  const judgments = qrels ?? parseQrels(qrelsFile!);
  const qrelsName = options.qrels?.name ?? qrelsFile!.name;
  if (format === 'trec') {
    const runFile = one('run', 'a run file (e.g. run.trec)');
    const run = parseTrecRun(runFile);
    const queriesFile = one('queries', 'a queries file (queries.tsv or topics.tsv)');
    const collectionFile = one(
      'collection',
      'a passage collection (collection.tsv or corpus.jsonl)',
    );
    const wanted = new Set([...run.values()].flatMap((entries) => entries.map((e) => e.docId)));
    return assembleTrec({
      name: options.name ?? runFile.name,
      qrels: judgments,
      run,
      runFile: runFile.name,
      queries: parseTextFile(queriesFile),
      queriesFile: queriesFile.name,
      collection: parseTextFile(collectionFile, wanted),
      collectionFile: collectionFile.name,
    });
  }
  const corpusFile = one('collection', 'corpus.jsonl');
  const queriesFile = one('queries', 'queries.jsonl');
  const runs = byRole('run');
  return assembleBeir({
    name: options.name ?? corpusFile.name,
    corpus: parseTextFile(corpusFile),
    corpusFile: corpusFile.name,
    queries: parseTextFile(queriesFile),
    queriesFile: queriesFile.name,
    qrels: judgments,
    qrelsFile: qrelsName,
    ...(runs.length === 1 ? { run: parseTrecRun(runs[0]!) } : {}),
    ...(options.depth !== undefined ? { depth: options.depth } : {}),
  });
}

/** BEIR folders hold one qrels file per split: test, else the only one. */
export function pickQrels<T extends { name: string }>(found: readonly T[], format: string): T {
  if (found.length === 1) return found[0]!;
  const test = found.find((file) => /(^|\/)test\.tsv$/i.test(file.name.replace(/\\/g, '/')));
  if (test) return test;
  throw new DatasetError(
    found.length === 0
      ? `a ${format.toUpperCase()} set needs a qrels file (or --qrels)`
      : `several qrels files (${found.map((f) => f.name).join(', ')}) and none is test.tsv: choose one with --qrels`,
  );
}
