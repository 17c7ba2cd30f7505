/** Pieces every exporter shares: keys, reasons a config cannot go somewhere, env vars, models. */
import { stringify as stringifyYaml } from 'yaml';
import { pipelineKey, type PipelineConfig } from '../pipeline/config';
import { describeProvider, isRerankProvider } from '../providers/catalog';
import { credentialInfo, isKeyProvider } from '../providers/credentials';
import { describeLlm, isLlmProvider } from '../providers/llm-catalog';
import type { ExportResult, ExportTarget } from './types';
import { EXPORT_TARGET_LABELS } from './types';

export function unavailable(target: ExportTarget, reason: string): ExportResult {
  return {
    target,
    ok: false,
    reason: `Not exportable to ${EXPORT_TARGET_LABELS[target]}: ${reason}.`,
  };
}

/** The config as exported: its key written out, so every target names it the same way. */
export function withKey(config: PipelineConfig): PipelineConfig & { key: string } {
  const { version, name, ...rest } = config;
  return { version, name, key: pipelineKey(config), ...rest };
}

export function providerLabel(provider: string | undefined): string {
  if (isRerankProvider(provider)) return describeProvider(provider).label;
  if (isLlmProvider(provider)) return describeLlm(provider).label;
  return provider === 'local' ? 'a local ONNX model' : (provider ?? 'no provider');
}

/**
 * Why a config that does not call one rerank API cannot become a request to one. Undefined
 * when it is a `dedicated-model` config of a hosted or self-hosted rerank API.
 */
export function notOneProviderCall(config: PipelineConfig): string | undefined {
  switch (config.strategy) {
    case 'heuristic':
      return 'BM25 and the other heuristics run inside Rerank Studio (the candidate set is their corpus), so there is no provider to call; serve the config with `rerank-studio serve` (the Dockerfile and Kubernetes targets)';
    case 'llm-judge':
    case 'llm-listwise':
      return `the ${config.strategy} strategy is many LLM calls (Rerank Studio's prompts, windows and answer parsing), not one rerank request; serve it with \`rerank-studio serve\``;
    case 'fusion':
      return 'a fusion combines the rankings of several rerankers inside Rerank Studio; serve it with `rerank-studio serve`';
    case 'dedicated-model':
      if (config.provider === 'local')
        return "the local model runs in Rerank Studio's ONNX worker; serve its weights with the vLLM, TEI or Infinity target, or the config with `rerank-studio serve`";
      if (!isRerankProvider(config.provider)) return 'the config names no rerank provider';
      return undefined;
  }
}

/** An environment variable a deployment of this config needs. */
export interface EnvNeed {
  name: string;
  /** Self-hosted servers and optional session tokens. */
  optional: boolean;
  /** Which provider it is for. */
  for: string;
}

/** The variables holding keys for every provider the config (fallbacks and members too) uses. */
export function requiredEnv(config: PipelineConfig): EnvNeed[] {
  const needs = new Map<string, EnvNeed>();
  const visit = (c: PipelineConfig) => {
    if (isKeyProvider(c.provider)) {
      const info = credentialInfo(c.provider);
      // Bedrock: the key pair is required, the session token is not.
      const names = info.aws ? info.keyEnv : info.keyEnv.slice(0, 1);
      names.forEach((name, i) => {
        const optional = info.optional || (info.aws && i >= 2);
        if (!needs.has(name)) needs.set(name, { name, optional, for: info.label });
      });
    }
    c.fallbacks?.forEach(visit);
    const members = c.strategy === 'fusion' ? c.params?.members : undefined;
    if (Array.isArray(members)) members.forEach((m) => visit(m as PipelineConfig));
  };
  visit(config);
  return [...needs.values()];
}

/** The source repositories of the ONNX conversions in the local model catalog. */
const ONNX_SOURCES: Record<string, string> = {
  'Xenova/ms-marco-TinyBERT-L-2-v2': 'cross-encoder/ms-marco-TinyBERT-L-2-v2',
  'Xenova/ms-marco-MiniLM-L-6-v2': 'cross-encoder/ms-marco-MiniLM-L-6-v2',
  'Xenova/ms-marco-MiniLM-L-12-v2': 'cross-encoder/ms-marco-MiniLM-L-12-v2',
  'Xenova/bge-reranker-base': 'BAAI/bge-reranker-base',
  'onnx-community/Qwen3-Reranker-0.6B-ONNX': 'Qwen/Qwen3-Reranker-0.6B',
};

/** Providers whose model field names open weights on the Hugging Face Hub. */
const OPEN_MODEL_PROVIDERS = new Set(['vllm', 'sglang', 'tei', 'infinity', 'local', 'deepinfra']);
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * The Hugging Face repository of the config's model when its weights are open and a serving
 * engine can load them, or why not.
 */
export function openModel(config: PipelineConfig): { model: string } | { reason: string } {
  const why = config.strategy !== 'dedicated-model' ? notOneProviderCall(config) : undefined;
  if (why) return { reason: why.replace(/, so there is no provider to call/, ', not a model') };
  const provider = config.provider ?? '';
  if (!OPEN_MODEL_PROVIDERS.has(provider)) {
    return {
      reason: `${providerLabel(provider)} serves ${config.model ?? 'its model'} as a hosted API, not open weights that a serving engine can load (export a config of vLLM, TEI, Infinity, a local model or DeepInfra's Qwen3 rerankers)`,
    };
  }
  const model = config.model ?? describeModelDefault(provider);
  if (!model)
    return {
      reason:
        'the config names no model (TEI serves one model: put its Hugging Face id in `model`)',
    };
  const source = ONNX_SOURCES[model] ?? model;
  if (!HUB_ID.test(source))
    return { reason: `"${model}" is not a Hugging Face model id (organisation/name)` };
  return { model: source };
}

function describeModelDefault(provider: string): string | undefined {
  return isRerankProvider(provider) ? describeProvider(provider).defaultModel : undefined;
}

export { isQwen3Reranker } from '../rerank/qwen3-template';

/** Text after `#` comment lines (YAML, shell and Dockerfiles share the syntax). */
export function withCommentHeader(header: readonly string[], text: string): string {
  const comments = header.map((line) => (line ? `# ${line}` : '#')).join('\n');
  return comments ? `${comments}\n${text}` : text;
}

/** YAML with a comment header; `yaml` quotes whatever needs quoting. */
export function yamlWithHeader(header: readonly string[], value: unknown): string {
  return withCommentHeader(
    header,
    stringifyYaml(value, { lineWidth: 0, aliasDuplicateObjects: false }),
  );
}

/** `$NAME` for the shell, or `${NAME}` where a letter or digit follows. */
export const envRef = (name: string) => `\${${name}}`;

/**
 * Why a config with `longDocuments` (itself, a fallback or a fusion member) cannot go to a
 * target that sends whole documents to one provider: cutting documents into windows, scoring
 * each and keeping the best happens inside Rerank Studio, and no gateway, engine or single
 * request can say it. Undefined when no part of the config sets it.
 */
export function windowsNotExpressible(config: PipelineConfig): string | undefined {
  const windowed = (c: PipelineConfig): boolean =>
    c.longDocuments !== undefined ||
    (c.fallbacks ?? []).some(windowed) ||
    (c.strategy === 'fusion' &&
      Array.isArray(c.params?.members) &&
      (c.params.members as PipelineConfig[]).some(windowed));
  if (!windowed(config)) return undefined;
  return "the config's longDocuments setting (documents cut into windows, each scored, the best kept) runs inside Rerank Studio, and this target would send whole documents; export JSON or YAML, or serve the config with `rerank-studio serve` (the Dockerfile and Kubernetes targets)";
}

/** How every TypeScript snippet ends: `main()`'s closing brace, then its call, errors to exit 1. */
export const TS_MAIN_END: readonly string[] = [
  '}',
  '',
  'main().catch((error: unknown) => {',
  '  console.error(error);',
  '  process.exitCode = 1;',
  '});',
  '',
];
