/**
 * Amazon Bedrock's agent-runtime Rerank API: camelCase body, model by ARN, SigV4-signed (the
 * call signs, electron/providers/auth.ts), results paged with `nextToken`.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Rerank.html
 */
import { z } from 'zod';
import { DEFAULT_AWS_REGION } from '../../../shared/providers/auth';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { ok } from '../../../shared/util/result';
import { compact, joinUrl, JSON_HEADERS, readScores } from '../adapter-kit';
import type { ProviderAdapter } from '../types';

const BedrockParams = z
  .object({
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must look like us-east-1')
      .optional(),
    additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
type BedrockParams = z.output<typeof BedrockParams>;

const BedrockPaging = z.object({ nextToken: z.string().optional() });

export function modelArn(model: string, region: string): string {
  return model.startsWith('arn:') ? model : `arn:aws:bedrock:${region}::foundation-model/${model}`;
}

export const bedrockAdapter: ProviderAdapter<BedrockParams> = {
  descriptor: PROVIDER_CATALOG.bedrock,
  params: BedrockParams,
  /** The region a request goes to: the config's, else AWS_REGION, else us-east-1. */
  resolveParams: (params, env) => ({
    ...params,
    region: params.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_AWS_REGION,
  }),
  buildRequest(call, params, nextToken) {
    const region = params.region ?? DEFAULT_AWS_REGION;
    return {
      url: joinUrl(call.baseUrl, '/rerank'),
      headers: JSON_HEADERS,
      body: compact({
        queries: [{ type: 'TEXT', textQuery: { text: call.query } }],
        sources: call.documents.map((d) => ({
          type: 'INLINE',
          inlineDocumentSource: { type: 'TEXT', textDocument: { text: d.text } },
        })),
        rerankingConfiguration: {
          type: 'BEDROCK_RERANKING_MODEL',
          bedrockRerankingConfiguration: compact({
            numberOfResults: call.topN ?? call.documents.length,
            modelConfiguration: compact({
              modelArn: modelArn(call.model, region),
              additionalModelRequestFields: params.additionalModelRequestFields,
            }),
          }),
        },
        nextToken,
      }),
    };
  },
  parseResponse(body, call) {
    const scores = readScores('bedrock', body, call, {
      list: 'results',
      index: 'index',
      score: 'relevanceScore',
    });
    if (!scores.ok) return scores;
    const paging = BedrockPaging.safeParse(body);
    return ok({ ...scores.value, nextToken: paging.success ? paging.data.nextToken : undefined });
  },
};
