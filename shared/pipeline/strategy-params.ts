/**
 * The `params` of the llm-judge, llm-listwise and fusion strategies, and the boosts a BM25
 * heuristic takes. Each schema applies its defaults, so a saved config may hold only what the
 * user changed; the engine and the UI read the parsed values.
 *
 * Fusion's params live in config.ts: its members are whole pipeline configs, and this file
 * imports nothing from there (config.ts imports this one).
 */
import { z } from 'zod';

/** A number that must be finite (JSON cannot say Infinity, but YAML and JS callers can). */
export const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

/** Settings every LLM strategy takes: sampling, limits, and what a token costs. */
const LlmCommonShape = {
  /** 0: the same prompt gives the same answer, which is what a ranking needs. */
  temperature: z.number().min(0).max(2).default(0),
  /** Requests in flight at once to this backend. */
  concurrency: z.int().min(1).max(64).default(4),
  requestsPerMinute: z.int().min(0).max(1_000_000).optional(),
  timeoutMs: z.int().min(100).max(600_000).optional(),
  maxRetries: z.int().min(0).max(3).optional(),
  /** Per-million-token prices, for the cost estimate; LLM APIs report tokens, not dollars. */
  pricing: z
    .object({
      inputUsdPerMillion: z.number().min(0),
      outputUsdPerMillion: z.number().min(0),
    })
    .strict()
    .optional(),
  /**
   * Prompt-injection hardening: documents wrapped in delimiters carrying a per-request nonce,
   * the model told that text inside is data, and a strict answer format. Off only to measure
   * what it buys.
   */
  hardening: z.boolean().default(true),
};

export const JUDGE_SCALES = {
  '0-3': { min: 0, max: 3 },
  '0-10': { min: 0, max: 10 },
} as const;

export const JudgeScaleParam = z.union([
  z.literal('yes-no'),
  z
    .object({ min: z.int().min(-100).max(100), max: z.int().min(-100).max(100) })
    .strict()
    .refine((scale) => scale.max > scale.min, 'scale.max must be greater than scale.min'),
]);
export type JudgeScaleParam = z.output<typeof JudgeScaleParam>;

/**
 * The judge's default prompt. `{document}` becomes the document, wrapped in nonce delimiters
 * when hardening is on; `{scale}` the answer format for the chosen scale.
 */
export const DEFAULT_JUDGE_TEMPLATE = [
  'Judge how relevant the document is to the search query.',
  '{instruction}',
  'Query: {query}',
  'Document:',
  '{document}',
  '{scale}',
].join('\n');

export const LlmJudgeParams = z
  .object({
    ...LlmCommonShape,
    promptTemplate: z
      .string()
      .max(20_000)
      .refine((t) => t.includes('{document}'), 'promptTemplate must contain {document}')
      .default(DEFAULT_JUDGE_TEMPLATE),
    scale: JudgeScaleParam.default(JUDGE_SCALES['0-3']),
    /** Yes/no judged by the probability of "yes" where the backend returns logprobs. */
    logprobs: z.boolean().default(true),
    maxTokens: z.int().min(1).max(4096).default(32),
  })
  .strict();
export type LlmJudgeParams = z.output<typeof LlmJudgeParams>;

export const LISTWISE_DEFAULTS = { window: 20, step: 10 } as const;

export const LlmListwiseParams = z
  .object({
    ...LlmCommonShape,
    window: z.int().min(2).max(100).default(LISTWISE_DEFAULTS.window),
    step: z.int().min(1).max(100).default(LISTWISE_DEFAULTS.step),
    /** Characters of each passage shown to the model; longer passages are cut (and reported). */
    maxPassageChars: z.int().min(50).max(20_000).default(1_500),
    maxTokens: z.int().min(16).max(4096).default(400),
  })
  .strict()
  .refine((p) => p.step <= p.window, { message: 'step must not exceed window', path: ['step'] });
export type LlmListwiseParams = z.output<typeof LlmListwiseParams>;

/** Boosts around BM25 (see shared/scoring/boosts.ts for how they combine). */
export const BoostShape = {
  keywords: z
    .array(z.object({ term: z.string().trim().min(1), weight: finite() }).strict())
    .max(100)
    .optional(),
  fields: z
    .array(
      z
        .object({
          field: z.string().trim().min(1),
          weight: finite(),
          value: z.union([z.string(), z.number(), z.boolean()]).optional(),
        })
        .strict(),
    )
    .max(50)
    .optional(),
  recency: z
    .object({
      field: z.string().trim().min(1),
      halfLifeDays: z.number().positive().max(36_500),
      weight: z.number().min(0).max(1).default(1),
      /** The moment ages are measured from (ISO 8601); the run's time when absent. */
      now: z.iso.datetime({ offset: true }).optional(),
    })
    .strict()
    .optional(),
  length: z
    .object({ slope: z.number().min(0).max(1), pivot: z.number().positive().optional() })
    .strict()
    .optional(),
};

/** The parsed params of a config whose strategy has already been checked. */
export function strategyParamsOf<S extends z.ZodType>(
  schema: S,
  config: { params?: Record<string, unknown> },
): z.output<S> {
  return schema.parse(config.params ?? {});
}
