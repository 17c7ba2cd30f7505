import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../pipeline/config';
import { exportVllm } from './engines';

const vllm = (model: string, params: Record<string, unknown> = {}): string => {
  const config: PipelineConfig = {
    version: 1,
    name: 'v',
    strategy: 'dedicated-model',
    provider: 'vllm',
    model,
    params,
  };
  const result = exportVllm(config);
  if (!result.ok) throw new Error(result.reason);
  return result.text;
};

describe('the vLLM export', () => {
  it('with a server-side template: fetches and passes qwen3_reranker.jinja, says how to send the instruction', () => {
    const text = vllm('Qwen/Qwen3-Reranker-8B', { template: 'server' });
    expect(text).toContain(
      'curl -fsSLO https://raw.githubusercontent.com/vllm-project/vllm/main/examples/pooling/score/template/qwen3_reranker.jinja',
    );
    expect(text).toContain('--chat-template qwen3_reranker.jinja');
    expect(text).toContain('"chat_template_kwargs": {"instruction": "…"}');
    expect(text).toContain('"is_original_qwen3_reranker":true');
  });

  it('loads a seq-cls conversion without the overrides, still templated', () => {
    const text = vllm('tomaarsen/Qwen3-Reranker-0.6B-seq-cls');
    expect(text).not.toContain('--hf_overrides');
    expect(text).toContain('<Instruct>: {instruction}');
  });

  it('gives bge-reranker-v2-gemma and mxbai-rerank-v2 the overrides and score template vLLM documents', () => {
    const gemma = vllm('BAAI/bge-reranker-v2-gemma');
    expect(gemma).toContain(
      '--hf_overrides \'{"architectures":["GemmaForSequenceClassification"],"classifier_from_token":["Yes"],"method":"no_post_processing"}\'',
    );
    expect(gemma).toContain('--chat-template bge-reranker-v2-gemma.jinja');
    const mxbai = vllm('mixedbread-ai/mxbai-rerank-large-v2');
    expect(mxbai).toContain('"method":"from_2_way_softmax"');
    expect(mxbai).toContain('--chat-template mxbai_rerank_v2.jinja');
    expect(mxbai).toContain('Rerank Studio sends it no instruction');
    expect(vllm('BAAI/bge-reranker-v2-m3')).not.toMatch(/--hf_overrides|--chat-template/);
  });
});
