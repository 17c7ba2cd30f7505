/**
 * POST /openai/v1/chat/completions in OpenAI's format. Checked against the API reference as
 * mirrored by client libraries: the `chat.completion` object (id, object, created, model,
 * choices[{index, message{role, content, refusal}, logprobs{content[{token, logprob, bytes,
 * top_logprobs}]}, finish_reason}], usage{prompt_tokens, completion_tokens, total_tokens}) and
 * the error body {error{message, type, param, code}}. Error texts for a missing model,
 * missing messages and JSON mode without the word "json" are the API's as quoted in public
 * issue threads; the others are close paraphrases.
 */
import type { ChatMessage } from '../../electron/chat/types';
import {
  contentText,
  estimateTokens,
  firstTokenLogprobs,
  inputTokens,
  isRecord,
  think,
} from './common';
import type { RouteContext, SimReply } from './types';

const ROLES: Record<string, ChatMessage['role']> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
};

export function openAiError(
  status: number,
  message: string,
  extra: { type?: string; param?: string | null; code?: string | null } = {},
): SimReply {
  const { type = 'invalid_request_error', param = null, code = null } = extra;
  return { status, body: { error: { message, type, param, code } } };
}

function checkKey({ headers, key }: RouteContext): SimReply | undefined {
  if (key === undefined) return undefined;
  const auth = headers.authorization;
  if (!auth) {
    return openAiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
  }
  return auth === `Bearer ${key}`
    ? undefined
    : openAiError(401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
}

/** The request's messages for the brain, or the 400 the API answers. */
function readMessages(value: unknown): ChatMessage[] | SimReply {
  if (value === undefined) {
    return openAiError(400, "Missing required parameter: 'messages'.", {
      param: 'messages',
      code: 'missing_required_parameter',
    });
  }
  if (!Array.isArray(value)) {
    return openAiError(400, "Invalid type for 'messages': expected an array.", {
      param: 'messages',
      code: 'invalid_type',
    });
  }
  if (value.length === 0) {
    return openAiError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      { param: 'messages', code: 'empty_array' },
    );
  }
  const messages: ChatMessage[] = [];
  for (const [i, message] of (value as unknown[]).entries()) {
    const role = isRecord(message) && typeof message.role === 'string' ? message.role : undefined;
    const mapped = role === undefined ? undefined : ROLES[role];
    if (!isRecord(message) || mapped === undefined) {
      return openAiError(
        400,
        `Invalid value for 'messages[${i}].role': ${JSON.stringify(role ?? null)}. Simulated roles are 'system', 'developer', 'user' and 'assistant'.`,
        { param: `messages[${i}].role`, code: 'invalid_value' },
      );
    }
    const content = contentText(message.content);
    if (content === undefined) {
      return openAiError(
        400,
        `Invalid type for 'messages[${i}].content': expected one of a string or array of objects.`,
        { param: `messages[${i}].content`, code: 'invalid_type' },
      );
    }
    messages.push({ role: mapped, content });
  }
  return messages;
}

export async function openAiChat(ctx: RouteContext): Promise<SimReply> {
  const unauthorised = checkKey(ctx);
  if (unauthorised) return unauthorised;
  const { body } = ctx;
  if (!isRecord(body)) {
    return openAiError(400, 'We could not parse the JSON body of your request.');
  }
  if (typeof body.model !== 'string' || body.model === '') {
    return openAiError(400, 'you must provide a model parameter');
  }
  const messages = readMessages(body.messages);
  if (!Array.isArray(messages)) return messages;
  const format: unknown = body.response_format;
  const json = isRecord(format) && format.type === 'json_object';
  if (json && !messages.some((message) => /json/i.test(message.content))) {
    return openAiError(
      400,
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      { param: 'messages' },
    );
  }
  const topLogprobs =
    body.logprobs === true
      ? typeof body.top_logprobs === 'number'
        ? body.top_logprobs
        : 0
      : undefined;
  const maxTokens = [body.max_completion_tokens, body.max_tokens].find(
    (value): value is number => typeof value === 'number',
  );
  const thought = await think(
    ctx.respond,
    {
      backend: 'openai-compatible',
      model: body.model,
      messages,
      temperature: typeof body.temperature === 'number' ? body.temperature : 1,
      ...(topLogprobs !== undefined ? { topLogprobs } : {}),
      ...(json ? { json } : {}),

      headers: ctx.headers,
    },
    maxTokens,
  );

  const logprobs =
    topLogprobs === undefined
      ? null
      : {
          content: (thought.logprobs ?? firstTokenLogprobs(thought.text)).map((entry) => ({
            ...withBytes(entry),
            top_logprobs: entry.top.slice(0, topLogprobs).map(withBytes),
          })),
          refusal: null,
        };
  const prompt = inputTokens(messages);
  const completion = estimateTokens(thought.text.length);
  return {
    status: 200,
    body: {
      id: `chatcmpl-sim${ctx.serial}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: thought.text, refusal: null },
          logprobs,
          finish_reason: thought.truncated ? 'length' : 'stop',
        },
      ],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      },
    },
  };
}

function withBytes({ token, logprob }: { token: string; logprob: number }) {
  return { token, logprob, bytes: [...Buffer.from(token, 'utf8')] };
}
