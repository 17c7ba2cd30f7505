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
import { formatIssue, formatPath } from '../contract/issues';
import { BoostShape, FusionParams, LlmJudgeParams, LlmListwiseParams } from './strategy-params';

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

/** Field names that would mean someone is trying to put a secret into a config. */
export const SECRET_FIELD =
  /^(api[-_]?key|apikey|key[-_]?id|access[-_]?key.*|secret.*|token|password|authorization)$/i;

function rejectSecretFields(value: unknown, path: (string | number)[], ctx: z.RefinementCtx) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => rejectSecretFields(item, [...path, i], ctx));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [field, inner] of Object.entries(value)) {
    if (SECRET_FIELD.test(field)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, field],
        message: `pipeline configs never hold keys: remove "${[...path, field].join('.')}" and store the key in the Keys panel or an environment variable`,
      });
    } else rejectSecretFields(inner, [...path, field], ctx);
  }
}

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
  fallbacks?: PipelineConfig[];
  params?: Record<string, unknown>;
}

export const PipelineConfig: z.ZodType<PipelineConfig> = z
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
    get fallbacks() {
      return z.array(PipelineConfig).max(5).optional();
    },
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    rejectSecretFields(config.params, ['params'], ctx);
    const schema = PARAMS_SCHEMAS[config.strategy];
    if (!schema) return;
    const parsed = schema.safeParse(config.params ?? DEFAULT_PARAMS[config.strategy] ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['params', ...issue.path.map(pathKey)];
        ctx.addIssue({ code: 'custom', path, message: `${formatPath(path)}: ${issue.message}` });
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
    if (config.strategy === 'fusion') checkMembers(config.params?.members, ctx);
  });

/** How deep fusions may nest (a fusion of fusions of …): enough for any sensible pipeline. */
export const MAX_FUSION_DEPTH = 3;

/** The `params` schema of each strategy whose params the shared code knows (not providers'). */
export const PARAMS_SCHEMAS: Partial<Record<Strategy, z.ZodType>> = {
  heuristic: z.lazy(() => HeuristicParams),
  'llm-judge': LlmJudgeParams,
  'llm-listwise': LlmListwiseParams,
  fusion: FusionParams,
};
const DEFAULT_PARAMS: Partial<Record<Strategy, unknown>> = { heuristic: { method: 'bm25' } };

/** Each fusion member is a whole config; nested fusions count towards the depth limit. */
function checkMembers(members: unknown, ctx: z.RefinementCtx) {
  if (!Array.isArray(members)) return;
  members.forEach((member, i) => {
    const parsed = PipelineConfig.safeParse(member);
    const path = ['params', 'members', i];
    if (!parsed.success) {
      // Every issue, so an import can list them all; the first stays what single-error callers show.
      for (const issue of parsed.error.issues) {
        const inner = [...path, ...issue.path.map(pathKey)];
        const message = issue.code === 'custom' ? issue.message : formatIssue(issue);
        ctx.addIssue({ code: 'custom', path: inner, message: `${formatPath(path)}: ${message}` });
      }
    } else if (fusionDepth(parsed.data) >= MAX_FUSION_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `fusions nest at most ${MAX_FUSION_DEPTH} levels deep`,
      });
    }
  });
}

function fusionDepth(config: PipelineConfig): number {
  if (config.strategy !== 'fusion') return 0;
  const members = (config.params?.members ?? []) as PipelineConfig[];
  return 1 + Math.max(0, ...members.map(fusionDepth));
}

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
