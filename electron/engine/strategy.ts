/** What a strategy is to the engine: something that scores every document of a run. */
import type {
  ColumnResult,
  DocumentError,
  RankedResult,
  ScoreKind,
} from '../../shared/contract/schemas';
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { RerankDocument } from '../../shared/rerank/documents';
import type { AppError, Result } from '../../shared/util/result';
import type { RunMemo } from './run-memo';

export interface StrategyInput {
  query: string;
  instruction?: string;
  documents: readonly RerankDocument[];
  /**
   * How many results the column will show, when fewer than all (the column's top N, whichever
   * config runs). A strategy may pass it to a provider when that gives the same result.
   */
  topN?: number;
  config: PipelineConfig;
  /** Work shared by all columns of the run (tokenisation, corpus statistics). */
  shared: RunMemo;
  signal: AbortSignal;
  /** Skip the result cache for this run. */
  bypassCache?: boolean;
  /**
   * Runs another config on the same query and documents, fallbacks included, with this run's
   * shared work and signal: how a fusion scores its members.
   */
  scoreConfig(config: PipelineConfig): Promise<ConfigOutcome>;
  /**
   * Work done so far, for runs long enough to tell the time left: tokens a local model has
   * computed, documents a provider's batches have scored. Reports for one column come in
   * order; the engine turns them into a time-left estimate. Absent for fusion members.
   */
  onProgress?: (progress: StrategyProgress) => void;
}

export interface StrategyProgress {
  unit: 'tokens' | 'documents';
  done: number;
  total: number;
}

/** What running one config (and its fallbacks) produced. */
export type ConfigOutcome =
  | {
      ok: true;
      output: StrategyOutput;
      scoreKind: ScoreKind;
      /** 0 for the config itself, n for its n-th fallback. */
      fallback: number;
      producedBy: PipelineConfig;
      /** Fallback notices; the output's own warnings are in `output`. */
      warnings: string[];
      meta: ColumnMeta;
    }
  | { ok: false; error: AppError; warnings: string[]; meta: ColumnMeta };

export type Passage = NonNullable<RankedResult['passage']>;

export interface ScoredDocument {
  index: number;
  /** The score used for ordering and comparison (probabilities as is, logits squashed). */
  score: number;
  /** The reranker's native score. */
  rawScore: number;
  /** The window that decided the score, when the document was scored window by window. */
  passage?: Passage;
}

/** What a column shows about how its ranking was obtained (calls, usage, wire, …). */
export type ColumnMeta = Pick<
  ColumnResult,
  'cached' | 'calls' | 'retries' | 'usage' | 'cost' | 'wire'
>;

export interface StrategyOutput {
  /** One entry per document (or per returned document), in any order; the engine sorts and cuts. */
  scores: ScoredDocument[];
  warnings: string[];
  /** Documents that could not be scored, each with the reason. */
  documentErrors?: DocumentError[];
  /** Overrides the runner's score kind when it depends on settings (TEI raw scores). */
  scoreKind?: ScoreKind;
  meta?: ColumnMeta;
}

/**
 * A failure the user can act on (no key, provider refused, bad parameters), as opposed to a
 * bug. Carries what was learnt before failing, such as the wire exchanges.
 */
export class StrategyError extends Error {
  constructor(
    readonly error: AppError,
    readonly meta?: ColumnMeta,
  ) {
    super(error.message);
    this.name = 'StrategyError';
  }
}

export interface StrategyRunner {
  scoreKind: ScoreKind;
  /**
   * Applies the config's `longDocuments` itself (a local model counts with its tokenizer);
   * otherwise the engine windows the documents by estimated tokens around `score`.
   */
  windowsDocuments?: boolean;
  score(input: StrategyInput): Promise<StrategyOutput>;
}

/** Picks the runner for a config, or says why it cannot run here. */
export type StrategyResolver = (config: PipelineConfig) => Result<StrategyRunner>;
