/**
 * The simulated Qwen3-Reranker, as the serving engines run it: they hand the model one prompt
 * per (query, document) pair and read a yes/no score. What the model does with that prompt is
 * the part a stand-in must get right, because it is what decides whether a client sends what
 * the engine needs.
 *
 * - The model was trained on one template only (Qwen's model card; vLLM
 *   examples/pooling/score/template/qwen3_reranker.jinja): a system prefix, `<Instruct>: …`,
 *   `<Query>: …`, `<Document>: …` and an assistant suffix that closes an empty `<think>` block.
 * - Without that template "the results are almost as random" (vLLM PR #19260; issues #20478,
 *   #20794 and #21681 show the wrong document first for plain `query` + `documents`). Here a
 *   prompt that is not exactly one instance of the template gets a pseudo-random logit in
 *   [-2, 2] from a hash of the prompt: stable, so a test that fails keeps failing, but unrelated
 *   to relevance. A prompt templated twice (client and server both) is not the template either.
 * - With the template, the logit is the simulator's shared relevance model for (query,
 *   document), plus an instruction preference of its own making: the share of the
 *   instruction's words that Qwen's default instruction does not have and the document does.
 *   So the default instruction scores exactly like every other simulated provider, and a custom
 *   instruction visibly moves documents that match it.
 *
 * The template text is written out here from those sources rather than imported from the app,
 * so a wrong template in the app fails against it.
 */
import { fnv1a, sigmoid, simulatedLogit, type Scored } from './scoring';

/** Qwen's system prefix (model card; vLLM's qwen3_reranker.jinja, first two lines). */
export const SIM_QWEN3_PREFIX =
  '<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be "yes" or "no".<|im_end|>\n<|im_start|>user\n';
/** Qwen's assistant suffix: the answer starts after an empty thinking block. */
export const SIM_QWEN3_SUFFIX = '<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n';
/** The template's fallback instruction (qwen3_reranker.jinja, vLLM and SGLang). */
export const SIM_QWEN3_DEFAULT_INSTRUCTION =
  'Given a web search query, retrieve relevant passages that answer the query';

/** Model names the simulated engines treat as Qwen3-Reranker (the original or a seq-cls conversion). */
export const isSimQwen3 = (model: string) => /qwen3[-_ ]?reranker/i.test(model);

/** The one prompt the model was trained on, as a server-side chat template renders it. */
export function qwen3Prompt(instruction: string, query: string, document: string): string {
  return `${SIM_QWEN3_PREFIX}<Instruct>: ${instruction}\n<Query>: ${query}\n<Document>: ${document}${SIM_QWEN3_SUFFIX}`;
}

const MIDDLE = /^<Instruct>: ([\s\S]*?)\n<Query>: ([\s\S]*?)\n<Document>: ([\s\S]*)$/;
const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const DEFAULT_WORDS = words(SIM_QWEN3_DEFAULT_INSTRUCTION);

/** The parts of a prompt that is exactly one instance of Qwen's template, or undefined. */
export function parseQwen3Prompt(
  prompt: string,
): { instruction: string; query: string; document: string } | undefined {
  if (!prompt.startsWith(SIM_QWEN3_PREFIX) || !prompt.endsWith(SIM_QWEN3_SUFFIX)) return undefined;
  const middle = prompt.slice(SIM_QWEN3_PREFIX.length, prompt.length - SIM_QWEN3_SUFFIX.length);
  const match = MIDDLE.exec(middle);
  if (!match) return undefined;
  const [, instruction, query, document] = match as unknown as [string, string, string, string];
  // Chat markup inside a part means the template was applied twice.
  if ([instruction, query, document].some((part) => part.includes('<|im_start|>'))) {
    return undefined;
  }
  return { instruction, query, document };
}

/** The model's logit for one full prompt: relevance with the template, noise without. */
export function qwen3PromptLogit(prompt: string): number {
  const parts = parseQwen3Prompt(prompt);
  if (!parts) return (fnv1a(prompt) / 2 ** 32) * 4 - 2;
  const own = [...words(parts.instruction)].filter((word) => !DEFAULT_WORDS.has(word));
  const documentWords = words(parts.document);
  const preference = own.length
    ? own.filter((word) => documentWords.has(word)).length / own.length
    : 0;
  return simulatedLogit(parts.query, parts.document) + preference;
}

/** Scores one prompt per document and sorts best first, as the engines' rankings are. */
export function rankQwen3Prompts(prompts: readonly string[]): Scored[] {
  return prompts
    .map((prompt, index) => {
      const logit = qwen3PromptLogit(prompt);
      return { index, logit, probability: sigmoid(logit) };
    })
    .sort((a, b) => b.logit - a.logit || a.index - b.index);
}
