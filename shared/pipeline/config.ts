/**
 * The pipeline config: the one format in which a column's setup is edited, saved, exported and
 * served. Plain, versioned, secret-free data. Keys are referred to by provider name only; Node
 * code reads them from the keychain or `<PROVIDER>_API_KEY` environment variables.
 *
 * Keep version 1 stable: later features add optional fields or new `params` methods, never
 * change the meaning of an existing field. A breaking change means `version: 2` and a migration.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../util/result';
import { formatIssue, formatPath, withoutPathPrefixes } from '../contract/issues';
import { checkConfigLimits, MAX_FUSION_DEPTH, SECRET_FIELD } from './config-limits';
import { BoostShape, finite, LlmJudgeParams, LlmListwiseParams } from './strategy-params';
import { LongDocuments, type LongDocumentsInput } from '../rerank/long-documents';

export { MAX_FUSION_DEPTH, SECRET_FIELD };

export const PIPELINE_CONFIG_VERSION = 1;

export const STRATEGIES = [
  'dedicated-model',
  'llm-judge',
  'llm-listwise',
  'heuristic',
  'fusion',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Every reranker the product knows by name. Adapters arrive in later releases. */
export const PROVIDERS = [
  'cohere',
  'cohere-compatible',
  'heroku',
  'azure',
  'bedrock',
  'jina',
  'voyage',
  'mixedbread',
  'pinecone',
  'together',
  'nvidia',
  'vertex',
  'deepinfra',
  'tei',
  'infinity',
  'vllm',
  'sglang',
  'llama-cpp',
  'local',
  'openai-compatible',
  'anthropic',
] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Lucene / Robertson defaults: the values most BM25 papers and engines start from. */
export const BM25_DEFAULTS = { k1: 1.2, b: 0.75 } as const;

export const Bm25Params = z
  .object({
    method: z.literal('bm25'),
    k1: z.number().min(0).max(10).default(BM25_DEFAULTS.k1),
    b: z.number().min(0).max(1).default(BM25_DEFAULTS.b),
    ...BoostShape,
  })
  .strict();

export const InputOrderParams = z.object({ method: z.literal('input-order') }).strict();

export const HeuristicParams = z.discriminatedUnion('method', [Bm25Params, InputOrderParams]);
export type HeuristicParams = z.output<typeof HeuristicParams>;

/** A pipeline key: what `serve` routes by and the library names files after. */
export const Slug = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'key must be a slug: lowercase letters, digits and single hyphens',
  )
  .max(80);

/** A pipeline config (see the schema below for constraints). */
export interface PipelineConfig {
  version: 1;
  name: string;
  key?: string;
  description?: string;
  /** A disabled pipeline stays in the library but `serve` does not serve it. */
  disabled?: boolean;
  strategy: Strategy;
  provider?: Provider;
  model?: string;
  baseUrl?: string;
  instruction?: string;
  topN?: number;
  maxTokensPerDoc?: number;
  /**
   * Documents longer than one window: cut to the first (`truncate`) or scored window by window
   * (`chunk`); see shared/rerank/long-documents.ts. Rerank APIs, local models and LLM judges.
   */
  longDocuments?: LongDocumentsInput;
  fallbacks?: PipelineConfig[];
  params?: Record<string, unknown>;
}

/**
 * The config's structure and rules, without the limits {@link PipelineConfig} checks first.
 * Fallbacks and fusion members refer to this one: the limits are checked once, at the root.
 * Parse untrusted input with {@link PipelineConfig}, never with this.
 */
export const PipelineConfigStructure: z.ZodType<PipelineConfig> = z
  .object({
    version: z.literal(PIPELINE_CONFIG_VERSION),
    name: z.string().trim().min(1, 'name is required').max(200),
    key: Slug.optional(),
    description: z.string().max(2000).optional(),
    disabled: z.boolean().optional(),
    strategy: z.enum(STRATEGIES),
    provider: z.enum(PROVIDERS).optional(),
    model: z.string().trim().min(1).max(300).optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    instruction: z.string().max(20_000).optional(),
    topN: z.int().min(1, 'topN must be at least 1').optional(),
    maxTokensPerDoc: z.int().min(1).optional(),
    longDocuments: LongDocuments.optional(),
    get fallbacks() {
      return z.array(PipelineConfigStructure).max(5).optional();
    },
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.longDocuments && !WINDOWED_STRATEGIES.includes(config.strategy)) {
      ctx.addIssue({
        code: 'custom',
        path: ['longDocuments'],
        message: `longDocuments applies to ${WINDOWED_STRATEGIES.join(' and ')} columns, not ${config.strategy}${config.strategy === 'fusion' ? ' (set it on the members)' : ''}`,
      });
    }
    const schema = PARAMS_SCHEMAS[config.strategy];
    if (!schema) return;
    // Fusion members are configs: this parses each once, with its own rules (this refinement).
    const parsed = schema.safeParse(config.params ?? DEFAULT_PARAMS[config.strategy] ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['params', ...issue.path.map(pathKey)];
        const at = formatPath(path);
        // A member's own messages start with the part of the path it knows; say it once.
        const message = `${at}: ${withoutPathPrefixes(issue.message, at)}`;
        ctx.addIssue({ code: 'custom', path, message });
      }
      return;
    }
    if (config.strategy === 'llm-judge' || config.strategy === 'llm-listwise') {
      if (config.provider !== 'openai-compatible' && config.provider !== 'anthropic') {
        ctx.addIssue({
          code: 'custom',
          path: ['provider'],
          message: `the ${config.strategy} strategy needs an LLM provider: "openai-compatible" or "anthropic"`,
        });
      }
    }
  });

/**
 * A pipeline config from anywhere untrusted (a file, an import, an IPC or HTTP payload): its
 * size, nesting and key-like fields are checked first, in one linear walk that never recurses
 * (see config-limits.ts), and only then the structure, once.
 */
export const PipelineConfig: z.ZodType<PipelineConfig> = z.preprocess((raw, ctx) => {
  for (const issue of checkConfigLimits(raw)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: raw });
  }
  return raw;
}, PipelineConfigStructure);

/**
 * Strategies that score each document on its own, so a document can be scored window by window.
 * A listwise LLM compares documents (a window is not a document to it); BM25's statistics are
 * the documents'; a fusion's members carry their own setting.
 */
export const WINDOWED_STRATEGIES: readonly Strategy[] = ['dedicated-model', 'llm-judge'];

export const FUSION_METHODS = ['rrf', 'weighted', 'combsum', 'combmnz'] as const;
export const NORMALIZATIONS = ['minmax', 'zscore', 'rank'] as const;
export const RRF_K = 60;
export const MAX_FUSION_MEMBERS = 8;

/** A fusion's params; its members are whole configs (their nesting is bounded by then). */
export const FusionParams = z
  .object({
    method: z.enum(FUSION_METHODS).default('rrf'),
    /** RRF's k (Cormack, Clarke & Büttcher 2009): larger k flattens the weight of top ranks. */
    k: z.number().min(0).max(10_000).default(RRF_K),
    normalization: z.enum(NORMALIZATIONS).default('minmax'),
    get members() {
      return z
        .array(PipelineConfigStructure)
        .min(2, 'fusion needs at least 2 members')
        .max(MAX_FUSION_MEMBERS, `fusion takes at most ${MAX_FUSION_MEMBERS} members`);
    },
    weights: z.array(finite().min(0, 'weights must not be negative')).optional(),
  })
  .strict()
  .refine((p) => p.weights === undefined || p.weights.length === p.members.length, {
    message: 'weights needs one number per member',
    path: ['weights'],
  });
export type FusionParams = z.output<typeof FusionParams>;

/** The `params` schema of each strategy whose params the shared code knows (not providers'). */
export const PARAMS_SCHEMAS: Partial<Record<Strategy, z.ZodType>> = {
  heuristic: z.lazy(() => HeuristicParams),
  'llm-judge': LlmJudgeParams,
  'llm-listwise': LlmListwiseParams,
  fusion: z.lazy(() => FusionParams),
};
const DEFAULT_PARAMS: Partial<Record<Strategy, unknown>> = { heuristic: { method: 'bm25' } };

function pathKey(key: PropertyKey): string | number {
  return typeof key === 'symbol' ? String(key) : key;
}

/** The embedded default: needs no key and no download. */
export const BM25_CONFIG: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };
/** The baseline every ranking is compared with. */
export const INPUT_ORDER_CONFIG: PipelineConfig = {
  version: 1,
  name: 'input order',
  strategy: 'heuristic',
  params: { method: 'input-order' },
};

/**
 * Parses an untrusted config (a file, an import, an IPC payload). A config from a newer app
 * is refused with a message rather than half-understood.
 */
export function parsePipelineConfig(raw: unknown): Result<PipelineConfig> {
  const refused = refuseBeforeParsing(raw);
  if (refused) return refused;
  const parsed = PipelineConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('invalid_request', issue ? formatIssue(issue) : 'invalid pipeline config');
  }
  return ok(parsed.data);
}

/**
 * What is refused before the schema looks at a config: a newer version (rather than
 * half-understood) and a top-level field that looks like a key (with the reason, not as a mere
 * unknown field).
 */
export function refuseBeforeParsing(raw: unknown): Result<never> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > PIPELINE_CONFIG_VERSION) {
    return fail(
      'unsupported',
      `pipeline config version ${version} is newer than this app understands (${PIPELINE_CONFIG_VERSION}); update Rerank Studio to use it`,
      ['version'],
    );
  }
  const field = Object.keys(raw).find((name) => SECRET_FIELD.test(name));
  if (field) {
    return fail(
      'invalid_request',
      `pipeline configs never hold keys: remove "${field}" and store the key in the Keys panel or an environment variable`,
      [field],
    );
  }
  return undefined;
}

/** The heuristic parameters of a config with defaults applied. */
export function heuristicParamsOf(config: PipelineConfig): HeuristicParams {
  return HeuristicParams.parse(config.params ?? { method: 'bm25' });
}

/** The config's key, or the one generated from its name when it has none. */
export function pipelineKey(config: PipelineConfig): string {
  return config.key ?? slugify(config.name);
}

/** `"My Cohere v3.5!"` → `"my-cohere-v3-5"`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'pipeline';
}
