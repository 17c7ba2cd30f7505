/**
 * Google Vertex AI Ranking API (Discovery Engine)
 * `POST /{v1|v1beta|v1alpha}/projects/{p}/locations/{l}/rankingConfigs/{config}:rank`, with an
 * OAuth access token as Bearer.
 *
 * Verified: body `{model, topN, query, records: [{id, title, content}],
 * ignoreRecordDetailsInResponse, userLabels}`; response `{records: [{id, score, title?,
 * content?}]}` sorted by score; at most 200 records per request
 * (https://cloud.google.com/generative-ai-app-builder/docs/reference/rest/v1beta/projects.locations.rankingConfigs/rank,
 * as recorded in PROVIDERS.md).
 * Known from Google's general docs but not re-checked in this session: the protobuf JSON mapping
 * accepts both the lowerCamelCase and the original snake_case field name, so `top_n` is as valid
 * as `topN` (https://protobuf.dev/programming-guides/proto3/#json); unknown names are refused with
 * 400 INVALID_ARGUMENT "Invalid JSON payload received. Unknown name …: Cannot find field.", and
 * errors are `{error: {code, message, status, details?}}` (https://cloud.google.com/apis/design/errors).
 * Not verified (chosen): the cap and missing-field wording; a record's text is `title\ncontent`.
 */
import { checkBearer } from '../auth';
import { rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isInteger, isRecord, present } from '../validate';

const PATH =
  /^\/(v1|v1beta|v1alpha)\/projects\/[^/]+\/locations\/[^/]+\/rankingConfigs\/[^/:]+:rank$/;
const NAMES: Record<string, string> = {
  model: 'model',
  query: 'query',
  records: 'records',
  topN: 'topN',
  top_n: 'topN',
  ignoreRecordDetailsInResponse: 'ignoreRecordDetailsInResponse',
  ignore_record_details_in_response: 'ignoreRecordDetailsInResponse',
  userLabels: 'userLabels',
  user_labels: 'userLabels',
};
const OAUTH_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

const googleError = (
  code: number,
  status: string,
  message: string,
  details?: unknown[],
): SimResponse => ({
  status: code,
  body: { error: { code, message, status, ...(details ? { details } : {}) } },
});
const invalid = (message: string) => googleError(400, 'INVALID_ARGUMENT', message);

function rerank(ctx: SimContext): SimResponse {
  const auth = checkBearer(ctx.headers, ctx.key);
  if (auth !== 'ok') {
    return googleError(
      401,
      'UNAUTHENTICATED',
      auth === 'missing'
        ? `Request is missing required authentication credential. ${OAUTH_HINT}`
        : `Request had invalid authentication credentials. ${OAUTH_HINT}`,
    );
  }
  const raw = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(raw)) {
    return invalid(`Invalid JSON payload received. ${ctx.jsonError ?? 'Expected an object.'}`);
  }
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const canonical = NAMES[name];
    if (canonical === undefined) {
      const description = `Invalid JSON payload received. Unknown name "${name}": Cannot find field.`;
      return googleError(400, 'INVALID_ARGUMENT', description, [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ description }],
        },
      ]);
    }
    body[canonical] = value;
  }
  if (typeof body.query !== 'string' || body.query.trim() === '')
    return invalid('Field "query" is required.');
  const records = body.records;
  if (!Array.isArray(records) || records.length === 0)
    return invalid('Field "records" is required.');
  if (records.length > ctx.cap) {
    return invalid(`The number of records (${records.length}) exceeds the maximum of ${ctx.cap}.`);
  }
  const texts: string[] = [];
  for (const [i, record] of records.entries()) {
    if (!isRecord(record) || typeof record.id !== 'string' || record.id === '') {
      return invalid(`records[${i}].id is required.`);
    }
    const { title, content } = record;
    if (typeof title !== 'string' && typeof content !== 'string') {
      return invalid(`records[${i}] must have a title or content.`);
    }
    texts.push([title, content].filter((part) => typeof part === 'string').join('\n'));
  }
  if (present(body.topN) && (!isInteger(body.topN) || body.topN < 1)) {
    return invalid(`Invalid value at 'top_n' (TYPE_INT32), ${JSON.stringify(body.topN)}`);
  }
  const bare = body.ignoreRecordDetailsInResponse === true;
  const ranked = takeTop(rankDocuments(body.query, texts), body.topN as number | undefined);
  return {
    status: 200,
    body: {
      records: ranked.map((r) => {
        const record = records[r.index] as Record<string, unknown>;
        return bare
          ? { id: record.id, score: r.probability }
          : {
              id: record.id,
              score: r.probability,
              ...(typeof record.title === 'string' ? { title: record.title } : {}),
              ...(typeof record.content === 'string' ? { content: record.content } : {}),
            };
      }),
    },
  };
}

export const vertexHandler: ProviderHandler = (ctx) =>
  PATH.test(ctx.path) ? rerank(ctx) : undefined;
