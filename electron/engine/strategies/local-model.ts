/**
 * Local cross-encoders: a `dedicated-model` config with provider `local` and a model installed
 * in the data folder (`models/<org>/<name>`). Scoring happens in the inference worker; this
 * runner checks the settings, sends the texts and turns logits into a column.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatIssue } from '../../../shared/contract/issues';
import { isModelId } from '../../../shared/models/catalog';
import type { AppError } from '../../../shared/util/result';
import { InferenceError, type LocalInference } from '../../inference/client';
import { StrategyError, type StrategyRunner } from '../strategy';

/** Settings of a local model column, in its config's `params`. */
export const LocalModelParams = z
  .object({
    /** `q8`: the int8 export (`onnx/model_quantized.onnx`), faster on CPU. */
    dtype: z.enum(['fp32', 'q8']).default('fp32'),
    /** Tokens per pair read by the model; documents beyond it are cut (and reported). */
    maxLength: z.int().min(16).max(8192).default(512),
    /** Pairs per inference call, after sorting by length. */
    batchSize: z.int().min(1).max(512).default(32),
    /** ONNX Runtime threads. */
    threads: z.int().min(1).max(64).default(4),
  })
  .strict();

/** At most this many documents are named one by one in truncation warnings. */
const NAMED_TRUNCATIONS = 50;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface LocalModelDeps {
  inference: LocalInference;
  /** `<data folder>/models` */
  modelsDir: string;
}

export function createLocalModelRunner({ inference, modelsDir }: LocalModelDeps): StrategyRunner {
  return {
    scoreKind: 'logit',
    async score(input) {
      const { config } = input;
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
        throw new StrategyError(
          invalid(`local model: params.${formatIssue(params.error.issues[0]!)}`),
        );
      }
      const { dtype, maxLength, batchSize, threads } = params.data;
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
          },
          input.signal,
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
      if (input.instruction && !result.instructionAware) {
        warnings.push(`${id} does not take an instruction; it was not used`);
      }
      for (const { index, tokens } of result.truncated.slice(0, NAMED_TRUNCATIONS)) {
        warnings.push(`document ${index} was cut to ${maxLength} tokens (${tokens} not read)`);
      }
      const unnamed = result.truncated.length - NAMED_TRUNCATIONS;
      if (unnamed > 0) warnings.push(`${unnamed} more documents were cut to ${maxLength} tokens`);
      return {
        scores: result.logits.map((logit, i) => ({
          index: input.documents[i]!.index,
          rawScore: logit,
          score: sigmoid(logit),
        })),
        warnings,
        scoreKind: 'logit',
        meta: { usage: { inputTokens: result.realTokens } },
      };
    },
  };
}

const invalid = (message: string): AppError => ({ code: 'invalid_request', message });
