/**
 * Local cross-encoders: a `dedicated-model` config with provider `local` and a model installed
 * in the data folder (`models/<org>/<name>`). Scoring happens in the inference worker; this
 * runner checks the settings, sends the texts and turns logits into a column.
 */
import { int8Verdict, q8LosesAccuracy } from '../../../shared/models/int8-kernel';
import { ONNX_FILES } from '../../inference/model-files';
import { q8WeightsOf } from '../../models/store';
import { remainingAtRate } from '../../../shared/progress/time-left';
import { cpuFeatures } from '../../platform/cpu-features';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { formatIssue } from '../../../shared/contract/issues';
import { isModelId } from '../../../shared/models/catalog';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { LocalModelParams } from '../../../shared/pipeline/local-model';
import type { AppError } from '../../../shared/util/result';
import { InferenceError, type LocalInference } from '../../inference/client';
import { StrategyError, type ScoredDocument, type StrategyRunner } from '../strategy';
import type { RerankDocument } from '../../../shared/rerank/documents';
import {
  aggregateWindows,
  LongDocuments,
  type WindowAggregate,
} from '../../../shared/rerank/long-documents';
import type { Windowing } from '../../inference/windows';

/** At most this many documents are named one by one in truncation warnings. */
const NAMED_TRUNCATIONS = 50;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface LocalModelDeps {
  inference: LocalInference;
  /** `<data folder>/models` */
  modelsDir: string;
}

/** A local column's model and settings, checked; throws a {@link StrategyError} if wrong. */
function resolveLocal(config: PipelineConfig, modelsDir: string) {
  const id = config.model;
  if (!id || !isModelId(id)) {
    throw new StrategyError(
      invalid(
        id
          ? `model "${id}" is not a model id like "cross-encoder/ms-marco-MiniLM-L-6-v2"`
          : 'a local model column needs a model, e.g. "cross-encoder/ms-marco-MiniLM-L-6-v2"',
      ),
    );
  }
  if (!existsSync(path.join(modelsDir, id))) {
    throw new StrategyError(
      invalid(`model "${id}" is not installed: download it or import its folder in Models`),
    );
  }
  const params = LocalModelParams.safeParse(config.params ?? {});
  if (!params.success) {
    throw new StrategyError(invalid(`local model: params.${formatIssue(params.error.issues[0]!)}`));
  }
  // More ONNX Runtime threads than cores halves throughput (measured: 2 cores, 4 threads);
  // unless the user chose a number, use no more than the machine has.
  const chosen = (config.params as { threads?: unknown } | undefined)?.threads !== undefined;
  const threads = chosen
    ? params.data.threads
    : Math.min(params.data.threads, availableParallelism());
  return { id, ...params.data, threads };
}

export function createLocalModelRunner({ inference, modelsDir }: LocalModelDeps): StrategyRunner {
  return {
    scoreKind: 'logit',
    // Windows are counted by the model's tokenizer, in the worker.
    windowsDocuments: true,
    async score(input) {
      const { id, dtype, maxLength, batchSize, threads } = resolveLocal(input.config, modelsDir);
      const longDocuments = input.config.longDocuments
        ? LongDocuments.parse(input.config.longDocuments)
        : undefined;
      const warnings: string[] = [];
      let result;
      try {
        result = await inference.score(
          {
            model: { root: modelsDir, id, dtype, threads },
            query: input.query,
            ...(input.instruction ? { instruction: input.instruction } : {}),
            documents: input.documents.map((d) => d.text),
            maxLength,
            batchSize,
            ...(longDocuments
              ? {
                  longDocuments: {
                    mode: longDocuments.mode,
                    window: longDocuments.window,
                    overlap: longDocuments.overlap,
                  },
                }
              : {}),
          },
          input.signal,
          input.onProgress
            ? { onProgress: (progress) => input.onProgress!({ unit: 'tokens', ...progress }) }
            : {},
        );
      } catch (error) {
        if (!(error instanceof InferenceError)) throw error;
        const code =
          error.kind === 'model'
            ? 'invalid_request'
            : error.kind === 'cancelled'
              ? 'cancelled'
              : 'internal';
        throw new StrategyError({ code, message: error.message });
      }
      if (dtype === 'q8') {
        // Only full-range int8 weights meet the saturation of x86 int8 kernels without VNNI.
        const int8 = int8Verdict(cpuFeatures());
        const file = path.join(modelsDir, ...id.split('/'), ONNX_FILES.q8);
        if (q8LosesAccuracy(int8.kernel, await q8WeightsOf(file))) {
          warnings.push(`q8 on this CPU: ${int8.reason}`);
        }
      }
      if (input.instruction && !result.instructionAware) {
        warnings.push(`${id} does not take an instruction; it was not used`);
      }
      const { windowing } = result;
      // What a truncated document was cut to: the first window, or the maximum length.
      const cutTo =
        windowing && longDocuments?.mode === 'truncate'
          ? `its first ${windowing.window} tokens`
          : `${maxLength} tokens`;
      for (const { index, tokens } of result.truncated.slice(0, NAMED_TRUNCATIONS)) {
        warnings.push(`document ${index} was cut to ${cutTo} (${tokens} not read)`);
      }
      const unnamed = result.truncated.length - NAMED_TRUNCATIONS;
      if (unnamed > 0) warnings.push(`${unnamed} more documents were cut to ${cutTo}`);
      const scores =
        windowing && longDocuments
          ? windowScores(input.documents, result.logits, windowing, longDocuments.aggregate)
          : result.logits.map((logit, i) => ({
              index: input.documents[i]!.index,
              rawScore: logit,
              score: sigmoid(logit),
            }));
      return {
        scores,
        warnings,
        scoreKind: 'logit',
        meta: { usage: { inputTokens: result.realTokens } },
      };
    },
  };
}

/** Each document's score from its windows' logits (shared/rerank/long-documents.ts). */
function windowScores(
  documents: readonly RerankDocument[],
  logits: readonly number[],
  windowing: Windowing,
  aggregate: WindowAggregate,
): ScoredDocument[] {
  const byDocument = documents.map(() => [] as { score: number; rawScore: number }[]);
  const spans = documents.map(() => [] as Windowing['spans']);
  windowing.spans.forEach((span, i) => {
    byDocument[span.document]!.push({ score: sigmoid(logits[i]!), rawScore: logits[i]! });
    spans[span.document]!.push(span);
  });
  return documents.flatMap((document, position) => {
    const best = aggregateWindows(byDocument[position]!, aggregate);
    if (!best) return [];
    const { start, end } = spans[position]![best.window]!;
    const windows = spans[position]!.length;
    return [
      {
        index: document.index,
        score: best.score,
        rawScore: best.rawScore,
        passage: { start, end, window: best.window, windows },
      },
    ];
  });
}

const invalid = (message: string): AppError => ({ code: 'invalid_request', message });

/** How many documents a run-time estimate scores for real. */
const PROBE_DOCUMENTS = 6;
/** Characters a pair costs besides its document (query, template), for scaling the probe. */
const PAIR_CHARACTERS = 200;

export interface LocalRunEstimate {
  /** Tokens the run will feed the model, estimated from the probe's tokens per character. */
  tokens: number;
  seconds: number;
  /** Time to load the model, paid once per session (the run reuses it). */
  loadMs: number;
  tokensPerSecond: number;
  probedDocuments: number;
}

/**
 * How long a local column will take on this machine, before running it: a few of the
 * documents are scored for real (which also loads the model for the run), and the time per
 * token is scaled to all of them by length.
 */
export async function estimateLocalRun(
  { inference, modelsDir }: LocalModelDeps,
  request: { config: PipelineConfig; query: string; instruction?: string; documents: string[] },
  signal: AbortSignal,
): Promise<LocalRunEstimate> {
  const { id, dtype, maxLength, batchSize, threads } = resolveLocal(request.config, modelsDir);
  const { documents } = request;
  const step = Math.max(1, Math.floor(documents.length / PROBE_DOCUMENTS));
  const probe = documents.filter((_, i) => i % step === 0).slice(0, PROBE_DOCUMENTS);
  const settings = request.config.longDocuments
    ? LongDocuments.parse(request.config.longDocuments)
    : undefined;
  // In chunk mode the probe is windowed too: its tokens, windows and overlaps included, grow
  // with the documents' length, and scale to all of them by characters.
  const chunked = settings?.mode === 'chunk';
  const result = await inference.score(
    {
      model: { root: modelsDir, id, dtype, threads },
      query: request.query,
      ...(request.instruction ? { instruction: request.instruction } : {}),
      documents: probe,
      maxLength,
      batchSize,
      ...(chunked
        ? { longDocuments: { mode: 'chunk', window: settings.window, overlap: settings.overlap } }
        : {}),
    },
    signal,
  );
  const size = (text: string) => text.length + request.query.length + PAIR_CHARACTERS;
  const tokensPerCharacter = result.realTokens / probe.reduce((sum, d) => sum + size(d), 0);
  // Otherwise each pair is cut: at the first window, or at the max length.
  const cut = Math.min(
    maxLength,
    settings?.window !== undefined
      ? settings.window + (request.query.length + PAIR_CHARACTERS) * tokensPerCharacter
      : Infinity,
  );
  const tokens = documents.reduce(
    (sum, d) =>
      sum + (chunked ? size(d) * tokensPerCharacter : Math.min(cut, size(d) * tokensPerCharacter)),
    0,
  );
  // The same arithmetic a run's time left uses (shared/progress/time-left.ts), on the probe.
  const tokensPerMs = result.realTokens / Math.max(result.inferenceMs, 1);
  return {
    tokens: Math.round(tokens),
    seconds: (remainingAtRate(tokens, tokensPerMs) ?? 0) / 1000,
    loadMs: result.loadMs,
    tokensPerSecond: tokensPerMs * 1000,
    probedDocuments: probe.length,
  };
}
