/**
 * Hosted rerank APIs billed by tokens, with small differences in field names:
 * Jina (`top_n`, `results`), Voyage (`top_k`, `data`, `truncation`), Mixedbread (`input`,
 * `top_k`, `data[].score`), Together (`top_n`, `results`, OpenAI-style usage).
 */
import { voyageFollowsInstructions } from '../../../shared/pipeline/instruction';
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { ok } from '../../../shared/util/result';
import {
  compact,
  fromCohereShape,
  joinUrl,
  JSON_HEADERS,
  readScores,
  texts,
  tokenUsage,
  documentObjects,
} from '../adapter-kit';
import type { ProviderAdapter } from '../types';

const withUsage = <T extends { results: unknown[] }>(value: T, body: unknown) =>
  ok({ ...value, usage: tokenUsage(body) });

const JinaParams = z.object({ returnDocuments: z.boolean().optional() }).strict();
export const jinaAdapter: ProviderAdapter<z.output<typeof JinaParams>> = {
  descriptor: PROVIDER_CATALOG.jina,
  params: JinaParams,
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/v1/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      documents: texts(call),
      top_n: call.topN,
      return_documents: p.returnDocuments,
    }),
  }),
  parseResponse(body, call) {
    const parsed = fromCohereShape('jina', body, call);
    return parsed.ok ? withUsage(parsed.value, body) : parsed;
  },
};

const VoyageParams = z
  .object({ truncation: z.boolean().optional(), returnDocuments: z.boolean().optional() })
  .strict();
export const voyageAdapter: ProviderAdapter<z.output<typeof VoyageParams>> = {
  descriptor: PROVIDER_CATALOG.voyage,
  params: VoyageParams,
  // rerank-2.5 models follow instructions written into the query; others would read it as
  // part of the query, so it is sent only to them.
  sendsInstruction: (_, model) => voyageFollowsInstructions(model),
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/v1/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      query:
        call.instruction && voyageFollowsInstructions(call.model)
          ? `Instruction: ${call.instruction}\nQuery: ${call.query}`
          : call.query,
      documents: texts(call),
      model: call.model,
      top_k: call.topN,
      return_documents: p.returnDocuments,
      truncation: p.truncation,
    }),
  }),
  parseResponse(body, call) {
    const scores = readScores('voyage', body, call, {
      list: 'data',
      index: 'index',
      score: 'relevance_score',
    });
    return scores.ok ? withUsage(scores.value, body) : scores;
  },
};

const MixedbreadParams = z
  .object({
    returnInput: z.boolean().optional(),
    rewriteQuery: z.boolean().optional(),
    /** JMESPath expressions into object inputs. */
    rankFields: z.array(z.string().min(1)).optional(),
  })
  .strict();
export const mixedbreadAdapter: ProviderAdapter<z.output<typeof MixedbreadParams>> = {
  descriptor: PROVIDER_CATALOG.mixedbread,
  params: MixedbreadParams,
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/v1/reranking'),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      input: p.rankFields ? documentObjects(call) : texts(call),
      top_k: call.topN,
      return_input: p.returnInput,
      rewrite_query: p.rewriteQuery,
      rank_fields: p.rankFields,
    }),
  }),
  parseResponse(body, call) {
    const scores = readScores('mixedbread', body, call, {
      list: 'data',
      index: 'index',
      score: 'score',
    });
    return scores.ok ? withUsage(scores.value, body) : scores;
  },
};

const TogetherParams = z
  .object({
    returnDocuments: z.boolean().optional(),
    rankFields: z.array(z.string().min(1)).optional(),
  })
  .strict();
const TogetherUsage = z
  .object({
    usage: z
      .object({
        prompt_tokens: z.number(),
        completion_tokens: z.number(),
        total_tokens: z.number(),
      })
      .partial()
      .optional(),
  })
  .passthrough();
export const togetherAdapter: ProviderAdapter<z.output<typeof TogetherParams>> = {
  descriptor: PROVIDER_CATALOG.together,
  params: TogetherParams,
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/v1/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      documents: p.rankFields ? documentObjects(call) : texts(call),
      top_n: call.topN,
      return_documents: p.returnDocuments,
      rank_fields: p.rankFields,
    }),
  }),
  parseResponse(body, call) {
    const parsed = fromCohereShape('together', body, call);
    if (!parsed.ok) return parsed;
    const usage = TogetherUsage.safeParse(body);
    const u = usage.success ? usage.data.usage : undefined;
    return ok({
      ...parsed.value,
      usage: u
        ? compact({
            inputTokens: u.prompt_tokens,
            outputTokens: u.completion_tokens,
            totalTokens: u.total_tokens,
          })
        : undefined,
    });
  },
};
