/**
 * POST /anthropic/v1/messages in Anthropic's Messages format (anthropic-version 2023-06-01).
 * Checked against Anthropic's error documentation ({type: 'error', error: {type, message}},
 * 401 authentication_error, 400 invalid_request_error) and the SDKs' Message type (id, type
 * 'message', role, model, content[{type: 'text', text}], stop_reason, stop_sequence,
 * usage{input_tokens, output_tokens}). "max_tokens: Field required" and the text for a
 * `system` role inside messages are the API's as quoted in public issue threads; the other
 * texts are close paraphrases.
 */
import type { ChatMessage } from '../../electron/chat/types';
import { contentText, estimateTokens, inputTokens, isRecord, think } from './common';
import type { RouteContext, SimReply } from './types';

export function anthropicError(status: number, type: string, message: string): SimReply {
  return { status, body: { type: 'error', error: { type, message } } };
}

const invalid = (message: string) => anthropicError(400, 'invalid_request_error', message);

function checkHeaders({ headers, key }: RouteContext): SimReply | undefined {
  if (key !== undefined) {
    const given = headers['x-api-key'];
    if (!given) return anthropicError(401, 'authentication_error', 'x-api-key header is required');
    if (given !== key) return anthropicError(401, 'authentication_error', 'invalid x-api-key');
  }
  if (!headers['anthropic-version']) return invalid('anthropic-version: header is required');
  return undefined;
}

/** The top-level `system` as text: a string or an array of text blocks. */
function readSystem(value: unknown): string | undefined | SimReply {
  if (value === undefined) return undefined;
  const text = contentText(value);
  return text === undefined ? invalid('system: Input should be a valid string') : text;
}

function readMessages(value: unknown): ChatMessage[] | SimReply {
  if (value === undefined) return invalid('messages: Field required');
  if (!Array.isArray(value)) return invalid('messages: Input should be a valid list');
  if (value.length === 0) return invalid('messages: at least one message is required');
  const messages: ChatMessage[] = [];
  for (const [i, message] of (value as unknown[]).entries()) {
    const role = isRecord(message) ? message.role : undefined;
    if (role === 'system') {
      return invalid(
        'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
      );
    }
    if (!isRecord(message) || (role !== 'user' && role !== 'assistant')) {
      return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    const content = contentText(message.content);
    if (content === undefined)
      return invalid(`messages.${i}.content: Input should be a valid list`);
    messages.push({ role, content });
  }
  return messages;
}

export async function anthropicMessages(ctx: RouteContext): Promise<SimReply> {
  const refused = checkHeaders(ctx);
  if (refused) return refused;
  const { body } = ctx;
  if (!isRecord(body)) return invalid('The request body is not valid JSON.');
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Field required');
  if (body.max_tokens === undefined) return invalid('max_tokens: Field required');
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
    return invalid('max_tokens: Input should be a valid integer greater than 0');
  }
  const system = readSystem(body.system);
  if (typeof system === 'object') return system;
  const turns = readMessages(body.messages);
  if (!Array.isArray(turns)) return turns;
  const messages: ChatMessage[] =
    system === undefined ? turns : [{ role: 'system', content: system }, ...turns];

  const thought = await think(
    ctx.respond,
    {
      backend: 'anthropic',
      model: body.model,
      messages,
      temperature: typeof body.temperature === 'number' ? body.temperature : 1,

      headers: ctx.headers,
    },
    maxTokens,
  );
  return {
    status: 200,
    body: {
      id: `msg_sim${ctx.serial}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text: thought.text }],
      stop_reason: thought.truncated ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: inputTokens(messages),
        output_tokens: estimateTokens(thought.text.length),
      },
    },
  };
}
