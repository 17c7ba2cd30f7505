/**
 * A tiny Qwen3-Reranker-shaped model written in code: a causal language model
 * (`model_type: qwen3`, `input_ids` and `attention_mask` to `logits` `[batch, sequence,
 * vocabulary]`) with a word-level tokenizer that knows the reranker's chat-template tokens.
 * Each position's logits depend on every earlier real token (a masked running sum of
 * embeddings), so the last position reads the whole prompt and left padding changes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FLOAT, GraphBuilder, INT64, seededUniform } from './onnx-graph';
import { specialTokens } from './tiny-cross-encoder';

const SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<think>', '</think>'];
const WORDS = (
  'yes no system user assistant judge whether the document meets requirements based on query ' +
  'and instruct provided note that answer can only be or given a web search retrieve relevant ' +
  'passages prefer recent studies heart health exercise regular improves cooking pasta at home ' +
  // Whitespace pre-tokenisation keeps runs of punctuation together: the template's are here.
  'stock market news city of for good sleep " ". < >: . , ?'
).split(' ');

export function writeTinyQwen3Reranker(dir: string, seed = 11): string {
  const vocabulary = [...SPECIALS, '[UNK]', ...new Set(WORDS)];
  const size = vocabulary.length;
  const hidden = 12;
  const random = seededUniform(seed);
  const g = new GraphBuilder(['input_ids', 'attention_mask', 'logits']);
  const embedTokens = g.uniform('embed_tokens', [size, hidden], random);
  const lmHead = g.uniform('lm_head', [hidden, size], random);
  const mask = g.node('Unsqueeze', [
    g.node('Cast', ['attention_mask'], { to: FLOAT }),
    g.int64s('axis_2', [2]),
  ]);
  const masked = g.node('Mul', [g.node('Gather', [embedTokens, 'input_ids']), mask]);
  const running = g.node('CumSum', [masked, g.int64s('axis_1', [1], [])]);
  g.nodeN('MatMul', [g.node('Tanh', [running]), lmHead], ['logits']);
  const sequence = ['batch_size', 'sequence_length'];
  const model = g.encode({
    name: 'tiny-qwen3-reranker',
    inputs: [
      ['input_ids', INT64, sequence],
      ['attention_mask', INT64, sequence],
    ],
    outputs: [['logits', FLOAT, [...sequence, size]]],
    opset: 14,
  });
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), model);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'qwen3',
      architectures: ['Qwen3ForCausalLM'],
      vocab_size: size,
      hidden_size: hidden,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      num_key_value_heads: 1,
      head_dim: hidden,
      max_position_embeddings: 32768,
      eos_token_id: 2,
      pad_token_id: 0,
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: specialTokens(SPECIALS, vocabulary),
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: {
        type: 'WordLevel',
        vocab: Object.fromEntries(vocabulary.map((token, i) => [token, i])),
        unk_token: '[UNK]',
      },
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'Qwen2Tokenizer',
      model_max_length: 32768,
      pad_token: '<|endoftext|>',
      eos_token: '<|im_end|>',
    }),
  );
  return dir;
}
