/**
 * Serving engines for the model itself, where its weights are open: a `vllm serve` command
 * (with the overrides, score template and request shape an LLM reranker needs), and `docker run`
 * commands for Hugging Face TEI and Infinity. A config of a hosted API, or of a strategy that
 * is not one model, gets the reason instead.
 */
import type { PipelineConfig } from '../pipeline/config';
import { shellQuote } from '../wire/curl';
import { qwen3TemplatedDocument, qwen3TemplatedQuery } from '../rerank/qwen3-template';
import { isQwen3Reranker, openModel, unavailable, withKey } from './common';
import type { ExportResult, ExportTarget } from './types';

/** vLLM's examples/pooling/score/qwen3_reranker_offline.py; PROVIDERS.md "Self-hosted servers". */
export const QWEN3_HF_OVERRIDES = {
  architectures: ['Qwen3ForSequenceClassification'],
  classifier_from_token: ['no', 'yes'],
  is_original_qwen3_reranker: true,
};

// No engine runs here, so each flag is cited: TEI's from huggingface.co/docs/text-embeddings-inference
// (quick_tour: the image, `-p 8080:80`, `-v $volume:/data`, `--model-id`; cli_arguments:
// `--api-key`, `--max-client-batch-size`, default 32; supported_models: the cpu-1.8 tag);
// Infinity's from michaelfeil.github.io/infinity (the `michaelf34/infinity` image, `v2
// --model-id --port`, `--api-key`, the cache at /app/.cache); vLLM's from docs.vllm.ai
// (`vllm serve`, `--host`, `--port`, `--api-key` in the OpenAI-compatible server's CLI; the
// rerank route and `--runner pooling` in "Pooling models").
const TEI_IMAGE = 'ghcr.io/huggingface/text-embeddings-inference:1.8';
const INFINITY_IMAGE = 'michaelf34/infinity:latest';
const VLLM_TEMPLATES =
  'https://raw.githubusercontent.com/vllm-project/vllm/main/examples/pooling/score/template';

/**
 * LLM rerankers vLLM serves only with overrides and a score template of its own
 * (examples/pooling/score/using_template_online.py); their prompt is fixed by that template.
 */
const VLLM_TEMPLATED: { test: RegExp; overrides: object; template: string }[] = [
  {
    test: /bge-reranker-v2-gemma/i,
    overrides: {
      architectures: ['GemmaForSequenceClassification'],
      classifier_from_token: ['Yes'],
      method: 'no_post_processing',
    },
    template: 'bge-reranker-v2-gemma.jinja',
  },
  {
    test: /mxbai-rerank-(base|large)-v2/i,
    overrides: {
      architectures: ['Qwen2ForSequenceClassification'],
      classifier_from_token: ['0', '1'],
      method: 'from_2_way_softmax',
    },
    template: 'mxbai_rerank_v2.jinja',
  },
];

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

/** A shell line that fetches one of vLLM's score templates next to the script. */
const fetchTemplate = (file: string) => `curl -fsSLO ${VLLM_TEMPLATES}/${file}`;

/**
 * What a Qwen3-Reranker server needs and what each request must carry: it scores almost at
 * random without Qwen's template (vLLM PR #19260), which vLLM applies only with
 * `--chat-template`.
 */
function qwen3Serving(model: string, serverTemplate: boolean) {
  // The seq-cls conversions (tomaarsen/Qwen3-Reranker-*-seq-cls) load without overrides.
  const original = !/seq-cls/i.test(model);
  const args = ['--runner pooling'];
  if (original) args.push(`--hf_overrides ${shellQuote(JSON.stringify(QWEN3_HF_OVERRIDES))}`);
  if (serverTemplate) args.push('--chat-template qwen3_reranker.jinja');
  const query = JSON.stringify(qwen3TemplatedQuery('{instruction}', '{query}'));
  const document = JSON.stringify(qwen3TemplatedDocument('{document}'));
  const comments = [
    '# Qwen3-Reranker is a causal LM scored by its yes/no logits; it ranks almost at random',
    "# without Qwen's template (vLLM PR #19260).",
    ...(original ? ['# The overrides load the original checkpoint as a sequence classifier.'] : []),
    ...(serverTemplate
      ? [
          '# --chat-template renders the template on the server (vLLM PR #30550): send plain',
          '# "query" and "documents", and the instruction as',
          '#   "chat_template_kwargs": {"instruction": "…"}',
          "# which vLLM reads since PR #42412 (May 2026); older builds use the template's default",
          '# (then set params.serverReadsInstruction: false). Do not template the text as well.',
        ]
      : [
          '# This server applies no template, so every request carries it (Rerank Studio sends it):',
          `#   "query": ${query}`,
          `#   "documents": [${document}, …]`,
          '# A top-level "instruction" field would be ignored. To template on the server instead,',
          '# start it with --chat-template qwen3_reranker.jinja and set params.template: "server".',
        ]),
  ];
  return { args, comments, fetch: serverTemplate ? [fetchTemplate('qwen3_reranker.jinja')] : [] };
}

export function exportVllm(config: PipelineConfig): ExportResult {
  const model = modelFor('vllm', config);
  if (typeof model !== 'string') return model;
  const { key, name } = withKey(config);
  const templated = VLLM_TEMPLATED.find((entry) => entry.test.test(model));
  const serving = isQwen3Reranker(model)
    ? qwen3Serving(model, config.params?.template === 'server')
    : templated
      ? {
          args: [
            `--hf_overrides ${shellQuote(JSON.stringify(templated.overrides))}`,
            `--chat-template ${templated.template}`,
          ],
          comments: [
            "# An LLM reranker: the overrides and vLLM's score template give it its prompt, which",
            '# is fixed: Rerank Studio sends it no instruction.',
          ],
          fetch: [fetchTemplate(templated.template)],
        }
      : { args: [], comments: [], fetch: [] };
  const args = [
    `vllm serve ${shellQuote(model)}`,
    '--host 0.0.0.0',
    '--port 8000',
    ...serving.args,
  ];
  const lines = [
    `# vLLM serving the model of the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    '# Rerank at POST /v1/rerank (Cohere- and Jina-compatible); set VLLM_API_KEY to require a key.',
    ...serving.comments,
    ...serving.fetch,
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
