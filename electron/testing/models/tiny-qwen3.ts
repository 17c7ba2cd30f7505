/**
 * A tiny Qwen3-Reranker-shaped model written in code: a causal language model
 * (`model_type: qwen3`, `input_ids` and `attention_mask` to `logits` `[batch, sequence,
 * vocabulary]`) with a word-level tokenizer that knows the reranker's chat-template tokens.
 * Each position's logits depend on every earlier real token (a masked running sum of
 * embeddings), so the last position reads the whole prompt and left padding changes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

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
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const weights = (name: string, dims: number[]) =>
    onnx.TensorProto.create({
      name,
      dims,
      dataType: FLOAT,
      floatData: Array.from({ length: dims.reduce((a, b) => a * b, 1) }, random),
    });
  const node = (opType: string, input: string[], output: string[], attribute: object[] = []) =>
    onnx.NodeProto.create({ opType, input, output, attribute });
  const tensor = (name: string, elemType: number, dims: (string | number)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType,
          shape: {
            dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
          },
        },
      },
    });
  const graph = onnx.GraphProto.create({
    name: 'tiny-qwen3-reranker',
    node: [
      node('Gather', ['embed_tokens', 'input_ids'], ['embedded']),
      node(
        'Cast',
        ['attention_mask'],
        ['mask'],
        [
          onnx.AttributeProto.create({
            name: 'to',
            type: onnx.AttributeProto.AttributeType.INT,
            i: FLOAT,
          }),
        ],
      ),
      node('Unsqueeze', ['mask', 'axis_2'], ['mask_3d']),
      node('Mul', ['embedded', 'mask_3d'], ['masked']),
      node('CumSum', ['masked', 'axis_1'], ['running']),
      node('Tanh', ['running'], ['hidden']),
      node('MatMul', ['hidden', 'lm_head'], ['logits']),
    ],
    initializer: [
      weights('embed_tokens', [size, hidden]),
      weights('lm_head', [hidden, size]),
      onnx.TensorProto.create({ name: 'axis_2', dims: [1], dataType: INT64, int64Data: [2] }),
      onnx.TensorProto.create({ name: 'axis_1', dims: [], dataType: INT64, int64Data: [1] }),
    ],
    input: [
      tensor('input_ids', INT64, ['batch_size', 'sequence_length']),
      tensor('attention_mask', INT64, ['batch_size', 'sequence_length']),
    ],
    output: [tensor('logits', FLOAT, ['batch_size', 'sequence_length', size])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'rerank-studio tests',
    opsetImport: [{ domain: '', version: 14 }],
    graph,
  });
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), onnx.ModelProto.encode(model).finish());
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
      added_tokens: SPECIALS.map((content) => ({
        id: vocabulary.indexOf(content),
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
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
