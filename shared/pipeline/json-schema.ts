/**
 * The published JSON Schema of a pipeline config, generated from the zod schemas so the two
 * cannot drift (a test compares it with the committed `schema/pipeline-config.schema.json`).
 *
 * `z.toJSONSchema` renders the object, its recursion (`fallbacks` become `$ref: "#"`) and field
 * limits, but not what `superRefine` checks: which `params` each strategy takes. Those are
 * added here as `if strategy = X then params: <X's params schema>`, from the same zod schemas,
 * with fusion members pointing back at the root. What JSON Schema cannot say (a step no larger
 * than the window, one weight per member, nesting depth) is listed in `$comment`; the app
 * checks it on import with messages naming the field.
 */
import { z } from 'zod';
import {
  MAX_FUSION_DEPTH,
  PARAMS_SCHEMAS,
  PipelineConfigStructure,
  SECRET_FIELD,
  STRATEGIES,
  WINDOWED_STRATEGIES,
} from './config';

export const PIPELINE_CONFIG_SCHEMA_ID =
  'https://rerank-studio.dev/schema/pipeline-config.schema.json';

type JsonObject = Record<string, unknown>;

const LLM_PROVIDERS = ['openai-compatible', 'anthropic'];

/**
 * A regular expression's source made case-insensitive without flags (JSON Schema patterns have
 * none): each letter `a` becomes `[aA]`, and inside a class both cases are listed.
 */
function withoutCase(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      out += char + (source[i + 1] ?? '');
      i++;
    } else if (/[a-z]/i.test(char)) {
      const both = char.toLowerCase() + char.toUpperCase();
      out += inClass ? both : `[${both}]`;
    } else {
      if (char === '[') inClass = true;
      if (char === ']') inClass = false;
      out += char;
    }
  }
  return out;
}

const toJson = (schema: z.ZodType): JsonObject => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
};

/**
 * Points the fusion members' item schema at the whole config (`#`), in place of the copy of the
 * config zod renders under `$defs`.
 */
function membersAreConfigs(params: JsonObject): JsonObject {
  const rest = { ...params };
  delete rest.$defs;
  const properties = rest.properties as Record<string, JsonObject>;
  const members = properties.members!;
  return {
    ...rest,
    properties: { ...properties, members: { ...members, items: { $ref: '#' } } },
  };
}

/** The JSON Schema (draft 2020-12) of a pipeline config, version 1. */
export function pipelineConfigJsonSchema(): JsonObject {
  const base = toJson(PipelineConfigStructure);
  const properties = base.properties as Record<string, JsonObject>;
  const rules: JsonObject[] = [];
  for (const strategy of STRATEGIES) {
    const params = PARAMS_SCHEMAS[strategy];
    const then: JsonObject = {};
    if (params) {
      const json = toJson(params);
      then.properties = { params: strategy === 'fusion' ? membersAreConfigs(json) : json };
    }
    if (strategy === 'fusion') then.required = ['params'];
    if (strategy === 'llm-judge' || strategy === 'llm-listwise') {
      then.required = ['provider'];
      then.properties = {
        ...(then.properties as JsonObject | undefined),
        provider: { enum: LLM_PROVIDERS },
      };
    }
    if (Object.keys(then).length > 0) {
      rules.push({
        if: { properties: { strategy: { const: strategy } }, required: ['strategy'] },
        then,
      });
    }
  }
  // Documents are scored window by window only by strategies that score each on its own.
  rules.push({
    if: {
      properties: {
        strategy: { enum: STRATEGIES.filter((s) => !WINDOWED_STRATEGIES.includes(s)) },
      },
      required: ['strategy'],
    },
    then: { not: { required: ['longDocuments'] } },
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: PIPELINE_CONFIG_SCHEMA_ID,
    title: 'Rerank Studio pipeline config',
    description:
      'A versioned, secret-free reranking pipeline: strategy, provider, model, base URL, instruction, parameters, fallbacks and fusion members. Keys are referred to by provider name only.',
    $comment: `Also checked by the app, not expressible here: llm-listwise step <= window; fusion weights has one number per member; judge scale.max > scale.min; fusions nest at most ${MAX_FUSION_DEPTH} deep; longDocuments.overlap < longDocuments.window; a dedicated-model's params are checked against its provider's settings.`,
    ...base,
    properties: {
      ...properties,
      params: {
        ...properties.params,
        propertyNames: { not: { pattern: withoutCase(SECRET_FIELD.source) } },
      },
    },
    allOf: rules,
  };
}
