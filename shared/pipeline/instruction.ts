/**
 * Whether a column's pipeline uses the instruction box, and how: so a column can say so, and
 * warn when an instruction typed by the user would be ignored. An A/B of instructions is two
 * columns of the same instruction-aware pipeline with different instructions.
 */
import type { PipelineConfig } from './config';
import { describeProvider, isRerankProvider } from '../providers/catalog';
import {
  crossEncoderEngineRefusal,
  llamaCppInstruction,
  sglangInstruction,
  unhandledInstructionModel,
  vllmInstruction,
} from '../providers/engine-instruction';
import { isQwen3Reranker } from '../rerank/qwen3-template';

export interface InstructionUse {
  used: boolean;
  /** One sentence for the column: how it is used, or why not. */
  note: string;
}

/** Voyage's instruction-following rerankers (rerank-2.5, rerank-2.5-lite). */
export function voyageFollowsInstructions(model: string): boolean {
  return model.startsWith('rerank-2.5');
}

export function instructionUse(config: PipelineConfig): InstructionUse {
  const params = config.params ?? {};
  switch (config.strategy) {
    case 'heuristic':
      return { used: false, note: 'heuristics ignore the instruction' };
    case 'llm-listwise':
      return { used: true, note: 'the instruction is added to the ranking prompt' };
    case 'llm-judge': {
      const template =
        typeof params.promptTemplate === 'string' ? params.promptTemplate : undefined;
      return template === undefined || template.includes('{instruction}')
        ? { used: true, note: "the instruction fills the prompt's {instruction}" }
        : { used: false, note: 'the prompt template has no {instruction}, so it is not used' };
    }
    case 'fusion': {
      const members = (Array.isArray(params.members) ? params.members : []) as PipelineConfig[];
      const using = members.filter((member) => instructionUse(member).used).length;
      return {
        used: using > 0,
        note: `${using} of ${members.length} members use the instruction`,
      };
    }
    case 'dedicated-model':
      return rerankerUse(config);
  }
}

function rerankerUse(config: PipelineConfig): InstructionUse {
  const provider = config.provider;
  const model =
    config.model ??
    (isRerankProvider(provider) ? describeProvider(provider).defaultModel : undefined) ??
    '';
  const params = config.params ?? {};
  if (provider === 'local') {
    return isQwen3Reranker(model)
      ? { used: true, note: 'the instruction fills the Qwen3 reranker prompt' }
      : { used: false, note: 'this local cross-encoder takes no instruction' };
  }
  if (provider === 'voyage') {
    return voyageFollowsInstructions(model)
      ? { used: true, note: 'Voyage rerank-2.5 reads the instruction from the query' }
      : { used: false, note: `Voyage ${model || 'this model'} does not follow instructions` };
  }
  if (provider === 'vllm') {
    return vllmInstruction(model, {
      template: params.template === 'server' ? 'server' : 'client',
      sendInstruction: params.sendInstruction !== false,
      serverReadsInstruction: params.serverReadsInstruction !== false,
    });
  }
  if (provider === 'sglang') {
    return sglangInstruction(model, { sendInstruction: params.sendInstruction !== false });
  }
  if (provider === 'llama-cpp') {
    return llamaCppInstruction(model, { instructTemplate: params.instructTemplate === true });
  }
  const label = isRerankProvider(provider) ? describeProvider(provider).label : 'this provider';
  if (provider === 'tei' || provider === 'infinity') {
    const refused = crossEncoderEngineRefusal(label, model);
    if (refused) return { used: false, note: refused };
  }
  // DeepInfra serves only Qwen3 rerankers and applies their template itself.
  if (isRerankProvider(provider) && describeProvider(provider).supportsInstruction) {
    return { used: true, note: 'sent as the Qwen3 reranker instruction' };
  }
  const unhandled = unhandledInstructionModel(model);
  if (unhandled) return { used: false, note: unhandled };
  return { used: false, note: `${label} has no instruction input` };
}
