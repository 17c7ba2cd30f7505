/**
 * `longDocuments` for strategies that do not window documents themselves (rerank APIs and LLM
 * judges): each document becomes its windows, counted in estimated tokens (these backends do
 * not publish their tokenizers), the runner scores the windows as if they were documents —
 * so they share the provider's batches with every other document's windows, and its
 * per-request cap still splits them — and each document takes the aggregate of its windows.
 */
import type { DocumentError } from '../../shared/contract/schemas';
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { RerankDocument } from '../../shared/rerank/documents';
import {
  aggregateWindows,
  estimatedWindow,
  estimateTokens,
  LongDocuments,
  windowsFor,
  wordUnits,
  type TextWindow,
  type WindowScore,
} from '../../shared/rerank/long-documents';
import type { ScoredDocument, StrategyInput, StrategyOutput } from './strategy';

/** The documents as windows, and where each window came from. */
export interface WindowedDocuments {
  /** One per window; `index` is the window's position in this list. */
  windows: RerankDocument[];
  /** For each window: its document's position in the input, and the window itself. */
  origin: { document: number; window: number; span: TextWindow }[];
  /** Windows per input document. */
  counts: number[];
}

/** The config's `longDocuments` with the estimate path's defaults filled in. */
export function estimatedSettings(config: PipelineConfig) {
  const settings = LongDocuments.parse(config.longDocuments);
  return { ...settings, ...estimatedWindow(settings) };
}

/** Splits every document into the windows the settings ask for, by estimated tokens. */
export function windowDocuments(
  documents: readonly RerankDocument[],
  settings: ReturnType<typeof estimatedSettings>,
): WindowedDocuments {
  const windowed: WindowedDocuments = { windows: [], origin: [], counts: [] };
  for (const [document, { text }] of documents.entries()) {
    const spans = windowsFor(text, wordUnits(text, estimateTokens), settings);
    windowed.counts.push(spans.length);
    for (const [window, span] of spans.entries()) {
      windowed.origin.push({ document, window, span });
      windowed.windows.push({
        index: windowed.windows.length,
        text: text.slice(span.start, span.end),
      });
    }
  }
  return windowed;
}

/**
 * The runner's output over windows, as one over the documents: each document's score is the
 * aggregate of its windows', with the winning window as its passage. A document none of whose
 * windows scored gets the windows' errors as its own.
 */
export function aggregateOutput(
  documents: readonly RerankDocument[],
  windowed: WindowedDocuments,
  output: StrategyOutput,
  settings: ReturnType<typeof estimatedSettings>,
): StrategyOutput {
  const byDocument = windowed.counts.map((n) => new Array<WindowScore | undefined>(n));
  for (const { index, score, rawScore } of output.scores) {
    const origin = windowed.origin[index];
    if (origin) byDocument[origin.document]![origin.window] = { score, rawScore };
  }
  const failed = new Map<number, string[]>();
  for (const error of output.documentErrors ?? []) {
    const origin = windowed.origin[error.index];
    if (!origin) continue;
    const messages = failed.get(origin.document) ?? [];
    messages.push(`window ${origin.window + 1}: ${error.message}`);
    failed.set(origin.document, messages);
  }
  const first = firstWindowOf(windowed);
  const scores: ScoredDocument[] = [];
  const documentErrors: DocumentError[] = [];
  let partly = 0;
  for (const [position, document] of documents.entries()) {
    const best = aggregateWindows(byDocument[position]!, settings.aggregate);
    if (!best) {
      const message = (failed.get(position) ?? ['no window was scored']).join('; ');
      documentErrors.push(
        document.id === undefined
          ? { index: document.index, message }
          : { index: document.index, id: document.id, message },
      );
      continue;
    }
    if (failed.has(position)) partly++;
    const span = windowed.origin[first[position]! + best.window]!.span;
    scores.push({
      index: document.index,
      score: best.score,
      rawScore: best.rawScore,
      passage: {
        start: span.start,
        end: span.end,
        window: best.window,
        windows: windowed.counts[position]!,
      },
    });
  }
  const warnings = [...output.warnings, ...windowNotes(documents, windowed, settings)];
  if (partly > 0) {
    warnings.push(
      `${partly} document${partly === 1 ? ' was' : 's were'} scored on some windows only (the others failed)`,
    );
  }
  return {
    ...output,
    scores,
    warnings,
    documentErrors,
  };
}

/** What truncating cut (chunking reads everything; each result names its window). */
function windowNotes(
  documents: readonly RerankDocument[],
  windowed: WindowedDocuments,
  settings: ReturnType<typeof estimatedSettings>,
): string[] {
  if (settings.mode !== 'truncate') return [];
  const firsts = firstWindowOf(windowed);
  const cut = documents.filter(
    (d, i) => windowed.origin[firsts[i]!]!.span.end < d.text.trimEnd().length,
  ).length;
  if (cut === 0) return [];
  const were = cut === 1 ? 'document was' : 'documents were';
  return [
    `${cut} ${were} cut to their first ${settings.window} estimated tokens (4 characters each)`,
  ];
}

/** Position in `windows` of each document's first window. */
function firstWindowOf(windowed: WindowedDocuments): number[] {
  const firsts: number[] = [];
  let at = 0;
  for (const n of windowed.counts) {
    firsts.push(at);
    at += n;
  }
  return firsts;
}

/** The input a runner sees when the engine windows for it. */
export function windowedInput(input: StrategyInput, windowed: WindowedDocuments): StrategyInput {
  // Top N cannot be delegated: every window's score is needed to aggregate.
  return { ...input, documents: windowed.windows, topN: undefined };
}
