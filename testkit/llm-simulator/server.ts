/**
 * The chat simulator's HTTP server: one `node:http` server on 127.0.0.1 serving
 * `POST /openai/v1/chat/completions` and `POST /anthropic/v1/messages`, recording every request
 * under those prefixes, with scripted answers (errors, delays, hangs, bodies that are not
 * JSON, dropped connections) queued ahead of the normal behaviour.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, readBody } from '../loopback-server';
import { countSignal } from '../count-signal';
import type { LlmBackend } from '../../electron/chat/types';
import { anthropicError, anthropicMessages } from './anthropic';
import { echoLastUser } from './common';
import { openAiChat, openAiError } from './openai';
import type {
  ChatSimulator,
  ChatSimulatorOptions,
  RecordedChatRequest,
  RouteContext,
  ScriptedChatResponse,
  SimReply,
} from './types';

const PREFIXES: Record<string, LlmBackend> = {
  openai: 'openai-compatible',
  anthropic: 'anthropic',
};

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function send(res: ServerResponse, reply: SimReply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...reply.headers };
  const typed = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  if (!typed && payload !== '') {
    headers['content-type'] =
      reply.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What each API answers for a path or method it does not serve. */
function notFound(backend: LlmBackend, method: string, path: string): SimReply {
  return backend === 'anthropic'
    ? anthropicError(404, 'not_found_error', 'Not found')
    : openAiError(404, `Invalid URL (${method} ${path})`);
}

/** Starts a chat simulator on a free port of 127.0.0.1; `close()` it when done. */
export async function startChatSimulator(
  options: ChatSimulatorOptions = {},
): Promise<ChatSimulator> {
  const respond = options.respond ?? echoLastUser;
  const requests: RecordedChatRequest[] = [];
  const arrivals = countSignal(() => requests.length);
  const scripts: ScriptedChatResponse[] = [];
  let serial = 0;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const pathname = new URL(path, 'http://127.0.0.1').pathname;
    const [, prefix = '', ...rest] = pathname.split('/');
    const backend = PREFIXES[prefix];
    if (backend === undefined) {
      send(res, { status: 404, body: { error: `no simulated chat API at ${pathname}` } });
      return;
    }
    const headers = lowerCaseHeaders(req);
    const body = parseJson(rawBody);
    requests.push({ backend, method, path, headers, body, rawBody });
    arrivals.changed();

    const scripted = scripts.shift();
    if (scripted !== undefined) {
      if ('destroy' in scripted) {
        req.socket.destroy();
        return;
      }
      if ('hang' in scripted) return; // never answered; close() drops the socket
      if (scripted.delayMs !== undefined) await loop.wait(scripted.delayMs);
      if ('status' in scripted) {
        const { status, headers: extra, body: reply } = scripted;
        send(
          res,
          typeof reply === 'string'
            ? { status, headers: extra, text: reply }
            : { status, headers: extra, body: reply },
        );
        return;
      }
    }

    const route = `/${rest.join('/')}`;
    const handler =
      backend === 'anthropic'
        ? route === '/v1/messages' && anthropicMessages
        : route === '/v1/chat/completions' && openAiChat;
    if (!handler || method !== 'POST') {
      send(res, notFound(backend, method, route));
      return;
    }
    serial += 1;
    const key = backend === 'anthropic' ? options.keys?.anthropic : options.keys?.openai;
    const ctx: RouteContext = { headers, body, key, respond, serial };
    try {
      send(res, await handler(ctx));
    } catch (error) {
      const message = `chat simulator's respond() failed: ${error instanceof Error ? error.message : String(error)}`;
      send(
        res,
        backend === 'anthropic'
          ? anthropicError(500, 'api_error', message)
          : openAiError(500, message, { type: 'server_error' }),
      );
    }
  }

  // `answer` runs only once the server listens, when `loop` is set.
  const loop = await listenLoopback('chat simulator', answer);
  const url = loop.url;

  return {
    url,
    openaiBaseUrl: `${url}/openai/v1`,
    anthropicBaseUrl: `${url}/anthropic`,
    requests,
    received: arrivals.reached,
    script(...responses) {
      scripts.push(...responses);
    },
    reset() {
      requests.length = 0;
      scripts.length = 0;
    },
    close: () => loop.close(),
  };
}
