/**
 * What each self-hosted serving engine needs for an instruction-aware reranker, and whether
 * the instruction really reaches the model: one decision that the adapters act on and the
 * column shows, so the two cannot disagree.
 *
 * - vLLM renders no template unless started with `--chat-template` (vllm
 *   entrypoints/pooling/scoring/io_processor.py); its rerank request has no instruction field
 *   that reaches a template-less server, so Qwen3's template goes into `query` and `documents`
 *   (PR #19260's query_template/document_template). With `--chat-template
 *   qwen3_reranker.jinja` (PR #30550) the server renders it, and since PR #42412 (2026-05) reads
 *   `chat_template_kwargs.instruction`.
 * - TEI and Infinity serve sequence-classification cross-encoders; neither can run a causal
 *   LM scored by its yes/no logits, so a Qwen3 config there is refused.
 */
import { isQwen3Reranker } from '../rerank/qwen3-template';

export interface InstructionDecision {
  /** The instruction reaches the model. */
  used: boolean;
  /** One sentence for the column: how it is used, or why not. */
  note: string;
}

/**
 * Instruction-aware rerankers the catalogs name that no engine here feeds an instruction to,
 * and why: said plainly rather than sent to be ignored.
 */
const UNHANDLED: { test: RegExp; note: string }[] = [
  {
    test: /bge-reranker-v2-gemma/i,
    note: "bge-reranker-v2-gemma's prompt is fixed by its score template (vLLM's bge-reranker-v2-gemma.jinja); Rerank Studio does not send it an instruction",
  },
  {
    test: /mxbai-rerank-(base|large)-v2/i,
    note: "mxbai-rerank-v2's prompt is fixed by its score template (vLLM's mxbai_rerank_v2.jinja) and Mixedbread's API has no instruction field; Rerank Studio does not send it an instruction",
  },
  {
    test: /jina-reranker-m0/i,
    note: "Jina's rerank API takes no instruction for jina-reranker-m0; Rerank Studio does not send it one",
  },
];

/** Why an instruction-aware model from the catalogs gets no instruction, if it is one. */
export function unhandledInstructionModel(model: string): string | undefined {
  return UNHANDLED.find((entry) => entry.test.test(model))?.note;
}

export type VllmTemplate = 'client' | 'server';

/** The vLLM adapter's settings that decide the instruction (its `params`). */
export interface VllmInstructionParams {
  /** Who writes Qwen3's template: Rerank Studio (`client`) or `--chat-template` (`server`). */
  template?: VllmTemplate;
  sendInstruction?: boolean;
  /** The server reads `chat_template_kwargs` (vLLM with PR #42412); default true. */
  serverReadsInstruction?: boolean;
}

export function vllmInstruction(model: string, params: VllmInstructionParams): InstructionDecision {
  if (!isQwen3Reranker(model)) {
    return {
      used: false,
      note: unhandledInstructionModel(model) ?? `vLLM's ${model || 'model'} takes no instruction`,
    };
  }
  if (params.sendInstruction === false) {
    return {
      used: false,
      note: "sendInstruction is off: Qwen's default instruction fills the Qwen3 template",
    };
  }
  if ((params.template ?? 'client') === 'client') {
    return {
      used: true,
      note: "written into Qwen3's template in the query and documents (vLLM applies none)",
    };
  }
  return params.serverReadsInstruction === false
    ? {
        used: false,
        note: "this vLLM's --chat-template cannot take a per-request instruction (before PR #42412): the template's own is used",
      }
    : {
        used: true,
        note: "sent as chat_template_kwargs.instruction to the server's Qwen3 --chat-template",
      };
}

/**
 * SGLang runs Qwen3-Reranker as a decoder-only yes/no scorer when launched with `--chat-template
 * examples/chat_template/qwen3_reranker.jinja` (its docs, supported_models/rerank_models.md;
 * PR #16403), and reads the request's `instruct` into that template. Launched otherwise it does
 * not score Qwen3 as a reranker at all, so the launch is the adapter's precondition.
 */
export function sglangInstruction(
  model: string,
  params: { sendInstruction?: boolean },
): InstructionDecision {
  if (!isQwen3Reranker(model)) {
    return {
      used: false,
      note: unhandledInstructionModel(model) ?? `SGLang's ${model || 'model'} takes no instruction`,
    };
  }
  return params.sendInstruction === false
    ? { used: false, note: "sendInstruction is off: SGLang's Qwen3 template uses its default" }
    : { used: true, note: "sent as instruct, which SGLang's Qwen3 --chat-template fills in" };
}

/**
 * llama.cpp's server fills the GGUF's `rerank` template with the query and document
 * (tools/server format_prompt_rerank); the converter writes Qwen3's with the default
 * instruction. A per-request `instruction` needs a build with PR #20009 (open) and a GGUF that
 * carries its `rerank_instruct` template; otherwise the field is ignored.
 */
export function llamaCppInstruction(
  model: string,
  params: { instructTemplate?: boolean },
): InstructionDecision {
  if (!isQwen3Reranker(model)) {
    return {
      used: false,
      note:
        unhandledInstructionModel(model) ?? `llama.cpp's ${model || 'model'} takes no instruction`,
    };
  }
  return params.instructTemplate === true
    ? { used: true, note: "sent as instruction, which fills the GGUF's rerank_instruct template" }
    : {
        used: false,
        note: "llama.cpp fills the GGUF's rerank template, with Qwen's default instruction; a per-request one needs a server with PR #20009 and a GGUF with rerank_instruct (params.instructTemplate)",
      };
}

/** TEI and Infinity cannot serve an LLM reranker: the message that says which engine can. */
export function crossEncoderEngineRefusal(label: string, model: string): string | undefined {
  if (!isQwen3Reranker(model)) return undefined;
  return `${label} cannot serve ${model}: it runs cross-encoders, and Qwen3-Reranker is a causal LM scored by its yes/no logits with its own template. Serve it with vLLM, SGLang or llama.cpp's server instead`;
}
