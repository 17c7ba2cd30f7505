/**
 * DeepInfra inference API for the Qwen3 rerankers (`/v1/inference/{model}`).
 *
 * Its documented example sends `queries` and `documents` arrays; clients that work with it
 * (LiteLLM's adapter) send the query once per document because the service pairs the two
 * arrays element-wise, so we do the same. Scores come back in input order, not sorted, and
 * the answer reports its own cost.
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { fail, ok } from '../../../shared/util/result';
import { compact, joinUrl, JSON_HEADERS, parseWith, texts } from '../adapter-kit';
import type { ProviderAdapter } from '../types';

const DeepInfraParams = z.object({}).strict();

const DeepInfraResponse = z.object({
  scores: z.array(z.number()),
  input_tokens: z.number().optional(),
  inference_status: z
    .object({ cost: z.number().optional(), tokens_input: z.number().optional() })
    .partial()
    .optional(),
});

export const deepinfraAdapter: ProviderAdapter<z.output<typeof DeepInfraParams>> = {
  descriptor: PROVIDER_CATALOG.deepinfra,
  params: DeepInfraParams,
  sendsInstruction: () => true,
  buildRequest: (call) => ({
    // The model name is part of the path and may contain "/" (Qwen/Qwen3-Reranker-0.6B).
    url: joinUrl(
      call.baseUrl,
      `/v1/inference/${call.model.split('/').map(encodeURIComponent).join('/')}`,
    ),
    headers: JSON_HEADERS,
    body: compact({
      queries: call.documents.map(() => call.query),
      documents: texts(call),
      instruction: call.instruction,
    }),
  }),
  parseResponse(body, call) {
    const parsed = parseWith('deepinfra', DeepInfraResponse, body);
    if (!parsed.ok) return parsed;
    const { scores, input_tokens, inference_status } = parsed.value;
    if (scores.length !== call.documents.length) {
      return fail(
        'internal',
        `deepinfra returned ${scores.length} scores for ${call.documents.length} documents`,
      );
    }
    return ok({
      results: scores.map((rawScore, index) => ({ index, rawScore })),
      usage: compact({
        inputTokens: input_tokens ?? inference_status?.tokens_input,
        reportedCostUsd: inference_status?.cost,
      }),
    });
  },
};
