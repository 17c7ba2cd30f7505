/**
 * Google Vertex AI Ranking API (Discovery Engine `rankingConfigs.rank`): documents are
 * `records` with ids; the answer names records by id, which we map back to positions.
 * Auth is an OAuth access token the user supplies (not an API key).
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { fail, ok } from '../../../shared/util/result';
import { compact, joinUrl, JSON_HEADERS, parseWith } from '../adapter-kit';
import type { ProviderAdapter } from '../types';

const Segment = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be a plain name (letters, digits, . _ -)');

const VertexParams = z
  .object({
    project: Segment,
    location: Segment.default('global'),
    rankingConfig: Segment.default('default_ranking_config'),
    apiVersion: z.enum(['v1', 'v1beta', 'v1alpha']).default('v1'),
    ignoreRecordDetailsInResponse: z.boolean().default(true),
  })
  .strict();
type VertexParams = z.output<typeof VertexParams>;

const VertexResponse = z.object({
  records: z.array(z.object({ id: z.string(), score: z.number() })).default([]),
});

export const vertexAdapter: ProviderAdapter<VertexParams> = {
  descriptor: PROVIDER_CATALOG.vertex,
  params: VertexParams,
  buildRequest: (call, p) => ({
    url: joinUrl(
      call.baseUrl,
      `/${p.apiVersion}/projects/${p.project}/locations/${p.location}/rankingConfigs/${p.rankingConfig}:rank`,
    ),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      records: call.documents.map((d, i) => ({ id: String(i), content: d.text })),
      topN: call.topN,
      ignoreRecordDetailsInResponse: p.ignoreRecordDetailsInResponse,
    }),
  }),
  parseResponse(body, call) {
    const parsed = parseWith('vertex', VertexResponse, body);
    if (!parsed.ok) return parsed;
    const results: { index: number; rawScore: number }[] = [];
    for (const record of parsed.value.records) {
      const index = Number(record.id);
      if (!/^\d+$/.test(record.id) || index >= call.documents.length) {
        return fail('internal', `vertex returned record id "${record.id}", which was not sent`);
      }
      results.push({ index, rawScore: record.score });
    }
    return ok({ results });
  },
};
