/**
 * Reading a labelled set from disk: one file (JSONL, CSV) or a folder (BEIR, TREC). Passage
 * collections are streamed line by line, and a TREC collection keeps only the passages its run
 * names, so an 8.8-million-passage MS MARCO `collection.tsv` (3 GB, more than a JavaScript
 * string can hold) imports in one pass. Parsing is the shared importers'; this file only reads.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  DatasetError,
  type DatasetFormat,
  type LabelledDataset,
  type QrelsByQuery,
} from '../../shared/evaluation/dataset';
import {
  assembleBeir,
  assembleTrec,
  importFiles,
  parseQrels,
  pickQrels,
  roleOf,
  type FileRole,
} from '../../shared/evaluation/import-collections';
import { parseTextFile, parseTextLine, parseTrecRun } from '../../shared/evaluation/trec-files';
import { isSystemFile } from '../platform/path-grants';

export interface ReadDatasetOptions {
  format?: DatasetFormat;
  qrelsPath?: string;
  depth?: number;
}

/** Reads and imports the set at `target`; a user's mistake throws {@link DatasetError}. */
export async function readDataset(
  target: string,
  options: ReadDatasetOptions = {},
): Promise<LabelledDataset> {
  const info = await stat(target).catch(() => {
    throw new DatasetError(`${target}: no such file or folder`);
  });
  await refuseSystemPath(target);
  const qrelsFile = options.qrelsPath ? await readText(options.qrelsPath) : undefined;
  if (info.isFile()) {
    const format = options.format ?? formatOfFile(target);
    if (format !== 'jsonl' && format !== 'csv') {
      throw new DatasetError(
        `${target}: a ${format.toUpperCase()} set is a folder (qrels, run, queries, collection); give the folder`,
      );
    }
    return importFiles(format, [await readText(target)], {
      ...(qrelsFile ? { qrels: qrelsFile } : {}),
      name: path.basename(target),
    });
  }
  const files = await listFiles(target);
  const format =
    options.format ?? (files.some((f) => path.basename(f) === 'corpus.jsonl') ? 'beir' : 'trec');
  if (format === 'jsonl' || format === 'csv') {
    throw new DatasetError(`${target}: a ${format.toUpperCase()} set is one file, not a folder`);
  }
  const byRole = (role: FileRole) =>
    files.filter((file) => roleOf(path.relative(target, file)) === role);
  const one = (role: FileRole, hint: string) => {
    const found = byRole(role);
    if (found.length === 1) return found[0]!;
    throw new DatasetError(
      found.length === 0
        ? `${target}: no ${hint} found (files are recognised by name: qrels*, *.run or run.*, queries* or topics*, collection* or corpus*)`
        : `${target}: more than one ${role} file: ${found.map((f) => path.basename(f)).join(', ')}`,
    );
  };
  const qrelsSource =
    qrelsFile ??
    (await readText(
      pickQrels(
        byRole('qrels').map((name) => ({ name })),
        format,
      ).name,
    ));
  const qrels: QrelsByQuery = parseQrels(qrelsSource);
  const name = path.basename(target);

  if (format === 'trec') {
    const runFile = one('run', 'run file');
    const run = parseTrecRun(await readText(runFile));
    const queriesFile = one('queries', 'queries file');
    const collectionFile = one('collection', 'passage collection');
    const wanted = new Set([...run.values()].flatMap((entries) => entries.map((e) => e.docId)));
    return assembleTrec({
      name,
      qrels,
      run,
      runFile,
      queries: parseTextFile(await readText(queriesFile)),
      queriesFile,
      collection: await streamTexts(collectionFile, wanted),
      collectionFile,
    });
  }
  const corpusFile = one('collection', 'corpus.jsonl');
  const queriesFile = one('queries', 'queries.jsonl');
  const runs = byRole('run');
  return assembleBeir({
    name,
    corpus: await streamTexts(corpusFile),
    corpusFile,
    queries: parseTextFile(await readText(queriesFile)),
    queriesFile,
    qrels,
    qrelsFile: qrelsSource.name,
    ...(runs.length === 1 ? { run: parseTrecRun(await readText(runs[0]!)) } : {}),
    ...(options.depth !== undefined ? { depth: options.depth } : {}),
  });
}

function formatOfFile(file: string): DatasetFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.json' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  throw new DatasetError(
    `${file}: cannot tell the format from the name; pass --format jsonl or csv`,
  );
}

async function refuseSystemPath(file: string): Promise<void> {
  if (await isSystemFile(file)) {
    throw new DatasetError(`${file} is not a dataset file: it is a system file`);
  }
}

/** A dataset file is text: a NUL character says it is not (and nothing of it is quoted). */
function refuseBinary(file: string, text: string): void {
  if (text.includes('\u0000')) {
    throw new DatasetError(
      `${file} is not a dataset file: it is not a text file (it holds binary data)`,
    );
  }
}

async function readText(file: string): Promise<{ name: string; text: string }> {
  await refuseSystemPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message}`,
    );
  }
  refuseBinary(file, text);
  return { name: file, text };
}

/** Files in the folder and one level below (BEIR keeps its qrels in `qrels/`). */
async function listFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isFile()) found.push(full);
    else if (entry.isDirectory()) {
      for (const inner of await readdir(full, { withFileTypes: true })) {
        if (inner.isFile()) found.push(path.join(full, inner.name));
      }
    }
  }
  return found.sort();
}

/** A queries file or collection, line by line; with `wanted`, only those ids are kept. */
async function streamTexts(
  file: string,
  wanted?: ReadonlySet<string>,
): Promise<Map<string, string>> {
  await refuseSystemPath(file);
  const entries = new Map<string, string>();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    refuseBinary(file, raw);
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    // Cheap id check first: most of a big collection is not wanted, and JSON parsing is not free.
    if (wanted && !line.trimStart().startsWith('{')) {
      const tab = line.indexOf('\t');
      if (tab > 0 && !wanted.has(line.slice(0, tab).trim())) continue;
    }
    const entry = parseTextLine(file, line, number);
    if (wanted && !wanted.has(entry.id)) continue;
    if (entries.has(entry.id))
      throw new DatasetError(`${file}: line ${number}: id "${entry.id}" appears twice`);
    entries.set(entry.id, entry.text);
  }
  return entries;
}
