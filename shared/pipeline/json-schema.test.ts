import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parsePipelineConfig } from './config';
import { pipelineConfigJsonSchema } from './json-schema';

const schema = pipelineConfigJsonSchema();
// Formats (`uri`, `date-time`) are the app's to check: the schema names them for editors.
const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);

const VALID = [
  { version: 1, name: 'bm25', strategy: 'heuristic' },
  { version: 1, name: 'bm25', strategy: 'heuristic', params: { method: 'bm25', k1: 0.9, b: 0.4 } },
  { version: 1, name: 'input order', strategy: 'heuristic', params: { method: 'input-order' } },
  {
    version: 1,
    name: 'Cohere v3.5',
    key: 'cohere-v3-5',
    description: 'hosted',
    disabled: true,
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
    baseUrl: 'https://api.cohere.com',
    topN: 10,
    maxTokensPerDoc: 4096,
    fallbacks: [{ version: 1, name: 'bm25', strategy: 'heuristic' }],
    params: { priority: 1 },
  },
  {
    version: 1,
    name: 'judge',
    strategy: 'llm-judge',
    provider: 'openai-compatible',
    params: { scale: 'yes-no', concurrency: 2 },
  },
  {
    version: 1,
    name: 'hybrid',
    strategy: 'fusion',
    params: {
      method: 'weighted',
      weights: [1, 2],
      members: [
        { version: 1, name: 'bm25', strategy: 'heuristic' },
        { version: 1, name: 'cohere', strategy: 'dedicated-model', provider: 'cohere' },
      ],
    },
  },
];

const INVALID: [string, unknown][] = [
  ['an unknown field', { version: 1, name: 'x', strategy: 'heuristic', colour: 'red' }],
  ['a newer version', { version: 2, name: 'x', strategy: 'heuristic' }],
  ['a key that is not a slug', { version: 1, name: 'x', key: 'Not A Slug', strategy: 'heuristic' }],
  [
    'k1 out of range',
    { version: 1, name: 'x', strategy: 'heuristic', params: { method: 'bm25', k1: 11 } },
  ],
  [
    'a judge without an LLM provider',
    { version: 1, name: 'x', strategy: 'llm-judge', provider: 'cohere' },
  ],
  [
    'a fusion of one',
    {
      version: 1,
      name: 'x',
      strategy: 'fusion',
      params: { members: [{ version: 1, name: 'a', strategy: 'heuristic' }] },
    },
  ],
  [
    'a fusion member that is not a config',
    {
      version: 1,
      name: 'x',
      strategy: 'fusion',
      params: { members: [{ version: 1, name: 'a', strategy: 'heuristic' }, { name: 'b' }] },
    },
  ],
  [
    'a key in params',
    {
      version: 1,
      name: 'x',
      strategy: 'dedicated-model',
      provider: 'cohere',
      params: { apiKey: 'k' },
    },
  ],
  [
    'a bad fallback',
    {
      version: 1,
      name: 'x',
      strategy: 'heuristic',
      fallbacks: [{ version: 1, strategy: 'heuristic' }],
    },
  ],
];

describe('pipeline config JSON Schema', () => {
  it('is the committed schema/pipeline-config.schema.json (after changing the zod schema: `npx vitest run shared/pipeline --update`)', async () => {
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot(
      '../../schema/pipeline-config.schema.json',
    );
  });

  it.each(VALID.map((config) => [config.name, config] as const))(
    'accepts what the app accepts: %s',
    (_name, config) => {
      expect(parsePipelineConfig(config).ok).toBe(true);
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it.each(INVALID)('refuses what the app refuses: %s', (_name, config) => {
    expect(parsePipelineConfig(config).ok).toBe(false);
    expect(validate(config)).toBe(false);
  });
});
