/**
 * Comparing rankings: the columns of the current run, or the columns of two saved runs, with a
 * rank-movement chart, Δrank per document and agreement figures. Also the document under the
 * pointer, which every column and the comparison highlight.
 */
import type { StateCreator } from 'zustand';
import type { ColumnResult } from '../../../shared/contract';
import type { SavedRun } from '../../../shared/history/saved-run';
import { alignDocuments, type AlignableDocument } from '../../../shared/scoring/align-documents';
import type { DocumentOrder, RankingInput } from '../../../shared/scoring/comparison';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';

export interface CompareSettings {
  /** RBO persistence. */
  p: number;
  /** Top-k overlap depth. */
  k: number;
  /** Ranks drawn in the movement chart. */
  depth: number;
  /** Position (in the shown rankings) of the ranking Δrank is measured against. */
  reference: number;
  order: DocumentOrder;
  /** Ranking ids left out of the comparison. */
  hidden: string[];
}

export const DEFAULT_COMPARE_SETTINGS: CompareSettings = Object.freeze({
  p: 0.9,
  k: 10,
  depth: 20,
  reference: 0,
  order: 'reference',
  hidden: [],
});

/** The numeric settings, their bounds and whether they are whole numbers. */
export const COMPARE_NUMBERS = {
  p: { min: 0.01, max: 0.99, step: 0.01, integer: false, name: 'RBO p' },
  k: { min: 1, max: 1000, step: 1, integer: true, name: 'Top-k' },
  depth: { min: 3, max: 200, step: 1, integer: true, name: 'Chart depth' },
} as const;
export type CompareNumber = keyof typeof COMPARE_NUMBERS;

/** A typed setting, checked against its bounds; the message names the setting and the range. */
export function parseCompareNumber(field: CompareNumber, text: string): Result<number> {
  const { min, max, integer, name } = COMPARE_NUMBERS[field];
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    return fail(
      'invalid_request',
      `${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
    );
  }
  if (value < min || value > max) {
    return fail('invalid_request', `${name} must be from ${min} to ${max}`);
  }
  return ok(value);
}

export interface CompareSlice {
  /** Key (see {@link comparisonInputs}) of the document under the pointer, in any view. */
  hoveredDocument?: string;
  setHoveredDocument: (key: string | undefined) => void;
  compareOpen: boolean;
  /** The two saved runs being compared; undefined compares the current run's columns. */
  compareRuns?: [SavedRun, SavedRun];
  compareSettings: CompareSettings;
  /** Opens the comparison of the current run's columns. */
  openCompare: () => void;
  /** Loads two saved runs and opens their comparison. */
  compareHistoryRuns: (first: string, second: string) => Promise<Result<void>>;
  closeCompare: () => void;
  setCompareSettings: (change: Partial<CompareSettings>) => void;
  /** Sets a numeric setting from typed text; refused text leaves the setting as it was. */
  setCompareNumber: (field: CompareNumber, text: string) => Result<number>;
}

/** What a comparison shows a document as. */
export interface ComparedText {
  text: string;
  /** `#3` in one run; `A#3`, `B#5`, `A#3 B#5` across two. */
  label: string;
}

export interface ComparisonInputs {
  rankings: RankingInput[];
  documents: Map<string, ComparedText>;
  /** A sentence on where the rankings come from. */
  source: string;
  /** Across two runs: how many documents of the second were found in the first. */
  matched?: { matched: number; of: number };
}

interface RunColumns {
  documents: readonly AlignableDocument[];
  columns: { name: string; id: string; result?: ColumnResult }[];
}

/** The key a document of the current run has in every view: `0:<index>`. */
export const currentDocumentKey = (index: number) => `0:${index}`;

/** The rankings and documents to compare, from the current run or the two saved runs. */
export function comparisonInputs(
  state: Pick<AppState, 'compareRuns' | 'snapshot' | 'columns' | 'columnRuns'>,
): ComparisonInputs {
  if (state.compareRuns) {
    const [first, second] = state.compareRuns;
    const runs = [first, second].map(savedColumns);
    const { keys, matched } = alignDocuments(first.documents, second.documents);
    const inputs = rankingsOf(runs, keys, ['A', 'B']);
    return {
      ...inputs,
      source: `Run A: “${first.query}” (${when(first)}) against run B: “${second.query}” (${when(second)})`,
      matched: { matched, of: second.documents.length },
    };
  }
  const snapshot = state.snapshot;
  if (!snapshot) return { rankings: [], documents: new Map(), source: 'No run yet' };
  const current: RunColumns = {
    documents: snapshot.documents,
    columns: state.columns.map((column, i) => ({
      id: column.id,
      name: `${i + 1} · ${column.config.name}`,
      result: state.columnRuns[column.id]?.result,
    })),
  };
  const { keys } = alignDocuments(snapshot.documents);
  return { ...rankingsOf([current], keys, []), source: `The columns of the current run` };
}

function savedColumns(run: SavedRun): RunColumns {
  return {
    documents: run.documents,
    columns: run.columns.map(({ config, result }, i) => ({
      id: `${run.id}/${i}`,
      name: `${i + 1} · ${config.name}`,
      result,
    })),
  };
}

function rankingsOf(
  runs: RunColumns[],
  keys: string[][],
  prefixes: string[],
): Pick<ComparisonInputs, 'rankings' | 'documents'> {
  const documents = new Map<string, ComparedText>();
  runs.forEach((run, r) => {
    const prefix = prefixes[r] ?? '';
    run.documents.forEach((document, i) => {
      const key = keys[r]![i]!;
      const existing = documents.get(key);
      const label = `${prefix}#${i}`;
      if (!existing) documents.set(key, { text: document.text, label });
      else if (!existing.label.includes(label)) existing.label = `${existing.label} ${label}`;
    });
  });
  const rankings: RankingInput[] = [];
  runs.forEach((run, r) => {
    const prefix = prefixes[r] ? `${prefixes[r]} · ` : '';
    for (const column of run.columns) {
      // Only finished columns rank anything; a failed or cancelled one has nothing to compare.
      if (column.result?.status !== 'ok') continue;
      rankings.push({
        id: column.id,
        label: `${prefix}${column.name}`,
        keys: column.result.results.map((item) => keys[r]![item.index] ?? `${r}:${item.index}`),
      });
    }
  });
  return { rankings, documents };
}

function when(run: SavedRun): string {
  return new Date(run.createdAt).toLocaleString();
}

export const createCompareSlice =
  (client: Client): StateCreator<AppState, [], [], CompareSlice> =>
  (set, get) => ({
    compareOpen: false,
    compareSettings: DEFAULT_COMPARE_SETTINGS,
    setHoveredDocument(key) {
      if (get().hoveredDocument !== key) set({ hoveredDocument: key });
    },
    openCompare: () =>
      set({
        compareOpen: true,
        compareRuns: undefined,
        hoveredDocument: undefined,
        compareSettings: { ...get().compareSettings, reference: 0, hidden: [] },
      }),
    async compareHistoryRuns(first, second) {
      if (first === second) return fail('invalid_request', 'choose two different runs to compare');
      const [a, b] = await Promise.all([
        client.call('history:get', { id: first }),
        client.call('history:get', { id: second }),
      ]);
      if (!a.ok) return a;
      if (!b.ok) return b;
      // The older run is A, so "moved up" reads as "moved up since".
      const runs: [SavedRun, SavedRun] =
        a.value.createdAt <= b.value.createdAt ? [a.value, b.value] : [b.value, a.value];
      set({
        compareOpen: true,
        compareRuns: runs,
        historyOpen: false,
        hoveredDocument: undefined,
        compareSettings: { ...get().compareSettings, reference: 0, hidden: [] },
      });
      return ok(undefined);
    },
    closeCompare: () =>
      set({ compareOpen: false, compareRuns: undefined, hoveredDocument: undefined }),
    setCompareSettings: (change) =>
      set((state) => ({ compareSettings: { ...state.compareSettings, ...change } })),
    setCompareNumber(field, text) {
      const value = parseCompareNumber(field, text);
      if (value.ok) get().setCompareSettings({ [field]: value.value });
      return value;
    },
  });
