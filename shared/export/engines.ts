/**
 * Serving engines for the model itself, where its weights are open: a `vllm serve` command
 * (with the overrides Qwen3-Reranker needs to load as a sequence classifier), and `docker run`
 * commands for Hugging Face TEI and Infinity. A config of a hosted API, or of a strategy that
 * is not one model, gets the reason instead.
 */
import type { PipelineConfig } from '../pipeline/config';
import { shellQuote } from '../wire/curl';
import { isQwen3Reranker, openModel, unavailable, withKey } from './common';
import type { ExportResult, ExportTarget } from './types';

/** vLLM's examples/offline_inference/qwen3_reranker.py; PROVIDERS.md "Self-hosted servers". */
export const QWEN3_HF_OVERRIDES = {
  architectures: ['Qwen3ForSequenceClassification'],
  classifier_from_token: ['no', 'yes'],
  is_original_qwen3_reranker: true,
};

const TEI_IMAGE = 'ghcr.io/huggingface/text-embeddings-inference:1.8';
const INFINITY_IMAGE = 'michaelf34/infinity:latest';

function modelFor(target: ExportTarget, config: PipelineConfig): string | ExportResult {
  const open = openModel(config);
  if ('reason' in open) return unavailable(target, open.reason);
  return open.model;
}

function script(target: ExportTarget, config: PipelineConfig, lines: string[]): ExportResult {
  const { key } = withKey(config);
  return {
    target,
    ok: true,
    text: `${lines.join('\n')}\n`,
    fileName: `${key}-${target}.sh`,
    language: 'shell',
  };
}

export function exportVllm(config: PipelineConfig): ExportResult {
  const model = modelFor('vllm', config);
  if (typeof model !== 'string') return model;
  const { key, name } = withKey(config);
  const qwen3 = isQwen3Reranker(model);
  const args = [`vllm serve ${shellQuote(model)}`, '--host 0.0.0.0', '--port 8000'];
  if (qwen3) args.push(`--hf_overrides ${shellQuote(JSON.stringify(QWEN3_HF_OVERRIDES))}`);
  const lines = [
    `# vLLM serving the model of the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    '# Rerank at POST /v1/rerank (Cohere- and Jina-compatible); set VLLM_API_KEY to require a key.',
    ...(qwen3
      ? [
          '# Qwen3-Reranker is a causal LM: the overrides load it as a yes/no sequence classifier;',
          '# send its instruction with each request ("instruction" field) or it uses Qwen\'s default.',
        ]
      : []),
    `${args.join(' \\\n  ')}${' \\\n  ${VLLM_API_KEY:+--api-key "$VLLM_API_KEY"}'}`,
  ];
  return script('vllm', config, lines);
}

function qwen3Refusal(target: ExportTarget, model: string): ExportResult | undefined {
  if (!isQwen3Reranker(model)) return undefined;
  return unavailable(
    target,
    `${model} needs its prompt template and yes/no scoring, which this engine's /rerank does not apply; use the vLLM target`,
  );
}

export function exportTei(config: PipelineConfig): ExportResult {
  const model = modelFor('tei', config);
  if (typeof model !== 'string') return model;
  const refused = qwen3Refusal('tei', model);
  if (refused) return refused;
  const { key, name } = withKey(config);
  return script('tei', config, [
    `# Hugging Face Text Embeddings Inference serving the model of "${name}" (${key}), exported by Rerank Studio.`,
    '# Rerank at POST http://127.0.0.1:8080/rerank; no GPU: use the image tag cpu-1.8 and drop --gpus.',
    '# It refuses more than 32 documents a request (--max-client-batch-size); Rerank Studio splits larger sets.',
    `docker run --gpus all -p 8080:80 -v "$PWD/tei-data:/data" \\`,
    `  ${TEI_IMAGE} \\`,
    `  --model-id ${shellQuote(model)}${' ${TEI_API_KEY:+--api-key "$TEI_API_KEY"}'}`,
  ]);
}

export function exportInfinity(config: PipelineConfig): ExportResult {
  const model = modelFor('infinity', config);
  if (typeof model !== 'string') return model;
  const refused = qwen3Refusal('infinity', model);
  if (refused) return refused;
  const { key, name } = withKey(config);
  return script('infinity', config, [
    `# Infinity serving the model of "${name}" (${key}), exported by Rerank Studio.`,
    '# Rerank at POST http://127.0.0.1:7997/rerank (Cohere-shaped); no GPU: drop --gpus.',
    `docker run -it --gpus all -p 7997:7997 -v "$PWD/infinity-data:/app/.cache" \\`,
    `  ${INFINITY_IMAGE} \\`,
    `  v2 --model-id ${shellQuote(model)} --port 7997${' ${INFINITY_API_KEY:+--api-key "$INFINITY_API_KEY"}'}`,
  ]);
}
