/**
 * Qwen3-Reranker's prompt: the one template the model was trained on (Qwen's model card;
 * vLLM examples/pooling/score/template/qwen3_reranker.jinja). Runs locally, and wherever a
 * serving engine does not render it itself, the client must send it: without it the scores
 * are "almost as random" (vLLM PR #19260).
 */

export const QWEN3_PREFIX =
  '<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be "yes" or "no".<|im_end|>\n<|im_start|>user\n';
export const QWEN3_SUFFIX = '<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n';
export const QWEN3_DEFAULT_INSTRUCTION =
  'Given a web search query, retrieve relevant passages that answer the query';

/** Model names of Qwen3-Reranker: the original, GGUF and seq-cls conversions, ONNX exports. */
export const isQwen3Reranker = (model: string) => /qwen3[-_ ]?reranker/i.test(model);

export function qwen3Middle(instruction: string, query: string, document: string): string {
  return `<Instruct>: ${instruction}\n<Query>: ${query}\n<Document>: ${document}`;
}

/**
 * vLLM's `query_template` (PR #19260): everything before the document. An engine that joins
 * query and document without a separator then reads exactly Qwen's prompt.
 */
export function qwen3TemplatedQuery(instruction: string | undefined, query: string): string {
  return `${QWEN3_PREFIX}<Instruct>: ${instruction?.trim() || QWEN3_DEFAULT_INSTRUCTION}\n<Query>: ${query}\n`;
}

/** vLLM's `document_template`: the document and the assistant suffix. */
export function qwen3TemplatedDocument(document: string): string {
  return `<Document>: ${document}${QWEN3_SUFFIX}`;
}
