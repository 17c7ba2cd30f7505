/** What a strategy is to the engine: something that scores every document of a run. */
import type { ScoreKind } from '../../shared/contract/schemas';
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { RerankDocument } from '../../shared/rerank/documents';
import type { Result } from '../../shared/util/result';
import type { RunShared } from './run-shared';

export interface StrategyInput {
  query: string;
  instruction?: string;
  documents: readonly RerankDocument[];
  config: PipelineConfig;
  /** Work shared by all columns of the run (tokenisation, corpus statistics). */
  shared: RunShared;
  signal: AbortSignal;
}

export interface ScoredDocument {
  index: number;
  score: number;
  rawScore: number;
}

export interface StrategyOutput {
  /** One entry per document, in any order; the engine sorts and cuts. */
  scores: ScoredDocument[];
  warnings: string[];
}

export interface StrategyRunner {
  scoreKind: ScoreKind;
  score(input: StrategyInput): Promise<StrategyOutput>;
}

/** Picks the runner for a config, or says why it cannot run here. */
export type StrategyResolver = (config: PipelineConfig) => Result<StrategyRunner>;
