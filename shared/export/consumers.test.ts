/**
 * Every export a tool consumes, checked by that tool or by its published rules: the Kubernetes
 * manifests by the Kubernetes API's OpenAPI schema (kubernetes-models), the Compose files by the
 * Compose Specification's JSON schema, the Dockerfiles by dockerfile-utils' linter, the decK
 * files by decK's file schema and Kong's ai-proxy rules, the LiteLLM configs by LiteLLM's rules
 * for rerank models (testkit/export-checkers/, each rule with its source). Both what the
 * exporters make for every fixture pipeline and the golden files on disk go through them; the
 * checkers' own tests (testkit/export-checkers/checkers.test.ts) show each rule refusing a
 * broken file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkComposeFile } from '../../testkit/export-checkers/compose';
import { checkDeckFile } from '../../testkit/export-checkers/deck';
import { checkDockerfile } from '../../testkit/export-checkers/dockerfile';
import { checkKubernetesManifests } from '../../testkit/export-checkers/kubernetes';
import { checkLiteLlmConfig } from '../../testkit/export-checkers/litellm';
import type { PipelineConfig } from '../pipeline/config';
import { describeProvider, RERANK_PROVIDERS } from '../providers/catalog';
import { EXPORT_CASES, SAMPLE, type ExportCase } from './fixtures';
import { exportPipeline, type ExportTarget } from './index';

/** The oldest Kong the file's header says it needs; decK files must say it. */
function kongVersionOf(text: string): string {
  const version = /^# Needs Kong Gateway (\d+\.\d+) or later/m.exec(text)?.[1];
  if (!version) throw new Error('the decK file does not say which Kong it needs');
  return version;
}

const CHECKERS = {
  kubernetes: checkKubernetesManifests,
  compose: checkComposeFile,
  dockerfile: checkDockerfile,
  kong: (text: string) => checkDeckFile(text, { kongVersion: kongVersionOf(text) }),
  litellm: checkLiteLlmConfig,
} satisfies Partial<Record<ExportTarget, (text: string) => string[]>>;
type Checked = keyof typeof CHECKERS;
const TARGETS = Object.keys(CHECKERS) as Checked[];

const GOLDEN = path.join(import.meta.dirname, 'golden');

/** Pipelines whose keys the fixtures do not cover: a digit first, and 80 characters. */
const NAMES: PipelineConfig[] = [
  { version: 1, name: '2026 rerankers', strategy: 'heuristic' },
  {
    version: 1,
    name: 'The search relevance team experimental cross encoder with a very long descriptive name',
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
  },
];

describe.each(Object.keys(EXPORT_CASES) as ExportCase[])('the %s pipeline', (name) => {
  it.each(TARGETS)('exported to %s passes the consumer’s checks', (target) => {
    const result = exportPipeline(EXPORT_CASES[name], target, { sample: SAMPLE });
    if (!result.ok) return expect(result.reason).toMatch(/^Not exportable/);
    expect(CHECKERS[target](result.text)).toEqual([]);
  });
});

/** One dedicated-model pipeline per rerank provider, with a base URL where it has none. */
const PROVIDERS: PipelineConfig[] = RERANK_PROVIDERS.map((provider) => ({
  version: 1,
  name: `${provider} rerank`,
  strategy: 'dedicated-model',
  provider,
  model: describeProvider(provider).defaultModel ?? 'BAAI/bge-reranker-base',
  ...(describeProvider(provider).defaultBaseUrl ? {} : { baseUrl: 'https://rerank.example.com' }),
}));

describe.each(PROVIDERS.map((config) => [config.provider, config] as const))(
  'a %s pipeline',
  (_provider, config) => {
    it.each(TARGETS)('exported to %s passes the consumer’s checks', (target) => {
      const result = exportPipeline(config, target, { sample: SAMPLE });
      if (!result.ok) return expect(result.reason).toMatch(/^Not exportable/);
      expect(CHECKERS[target](result.text)).toEqual([]);
    });
  },
);

describe('the golden files', () => {
  const files = readdirSync(GOLDEN)
    .map((file) => ({ file, target: file.split('.').at(-2) as Checked }))
    .filter(({ target }) => TARGETS.includes(target));

  it('cover every checked target', () => {
    expect(new Set(files.map((f) => f.target))).toEqual(new Set(TARGETS));
  });

  it.each(files.map(({ file, target }) => [file, target] as const))(
    '%s passes the consumer’s checks',
    (file, target) => {
      expect(CHECKERS[target](readFileSync(path.join(GOLDEN, file), 'utf8'))).toEqual([]);
    },
  );
});

describe.each(NAMES.map((config) => [config.name, config] as const))(
  'a pipeline named "%s"',
  (_name, config) => {
    it.each(TARGETS)('exported to %s passes the consumer’s checks', (target) => {
      const result = exportPipeline(config, target, { sample: SAMPLE });
      if (!result.ok) return expect(result.reason).toMatch(/^Not exportable/);
      expect(CHECKERS[target](result.text)).toEqual([]);
    });
  },
);
