/**
 * The simulator's HTTP server: one `node:http` server on 127.0.0.1 that routes `/<provider>/…`
 * to the provider modules, records every request, and lets tests script answers (errors,
 * delays, hangs, dropped connections) ahead of the provider's normal behaviour.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, readBody } from '../loopback-server';
import { countSignal } from '../count-signal';
import { PROVIDER_CATALOG } from '../../shared/providers/catalog';
import { PROVIDER_HANDLERS } from './providers/registry';
import {
  SIM_PROVIDERS,
  type ProviderSimulator,
  type RecordedRequest,
  type ResolvedOptions,
  type ScriptedResponse,
  type SimContext,
  type SimProvider,
  type SimResponse,
  type SimulatorOptions,
} from './types';

/** Self-hosted servers and gateways run open unless the test gives them a key. */
const OPEN_BY_DEFAULT: readonly SimProvider[] = [
  'tei',
  'infinity',
  'vllm',
  'sglang',
  'llama-cpp',
  'nvidia',
  'cohere-compatible',
];

function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const keys = {} as Record<SimProvider, string | undefined>;
  const caps = {} as Record<SimProvider, number>;
  for (const provider of SIM_PROVIDERS) {
    const given = options.keys ?? {};
    const open = OPEN_BY_DEFAULT.includes(provider);
    keys[provider] = Object.hasOwn(given, provider)
      ? (given[provider] ?? (open ? undefined : `sim-${provider}-key`))
      : open
        ? undefined
        : `sim-${provider}-key`;
    caps[provider] = options.caps?.[provider] ?? PROVIDER_CATALOG[provider].maxDocumentsPerRequest;
  }
  return {
    keys,
    caps,
    aws: options.aws ?? {
      accessKeyId: 'AKIDSIMULATOR',
      secretAccessKey: 'sim-aws-secret',
      region: 'us-east-1',
    },
    bedrockPageSize: options.bedrockPageSize ?? 1000,
    latencyMs: options.latencyMs ?? 0,
    engines: options.engines ?? {},
  };
}

function isSimProvider(value: string | undefined): value is SimProvider {
  return value !== undefined && (SIM_PROVIDERS as readonly string[]).includes(value);
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...response.headers };
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  let payload = '';
  if (response.text !== undefined) {
    payload = response.text;
    if (!hasType) headers['content-type'] = 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    if (!hasType) headers['content-type'] = 'application/json';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/**
 * A scripted `{status, body}`: strings go out as they are, anything else as JSON; a function
 * is called with the request as received (an echoing backend).
 */
function scriptedAnswer(
  r: { status: number; headers?: Record<string, string>; body?: unknown },
  received: RecordedRequest,
) {
  const body: unknown =
    typeof r.body === 'function'
      ? (r.body as (request: RecordedRequest) => unknown)(received)
      : r.body;
  return typeof body === 'string'
    ? { status: r.status, headers: r.headers, text: body }
    : { status: r.status, headers: r.headers, body };
}

interface QueuedScript {
  response: ScriptedResponse;
  pathSuffix?: string;
}

/** Starts the simulator on a free loopback port. */
export async function startSimulatorServer(
  options: SimulatorOptions = {},
): Promise<ProviderSimulator> {
  const resolved = resolveOptions(options);
  const requests: RecordedRequest[] = [];
  const arrivals = countSignal(() => requests.length);
  const scripts = new Map<SimProvider, QueuedScript[]>();
  let vllmLegacyStatus: 404 | 405 | 501 | undefined;

  function takeScript(provider: SimProvider, pathname: string): ScriptedResponse | undefined {
    const queue = scripts.get(provider);
    const at = queue?.findIndex(
      (s) => s.pathSuffix === undefined || pathname.endsWith(s.pathSuffix),
    );
    if (queue === undefined || at === undefined || at < 0) return undefined;
    return queue.splice(at, 1)[0]?.response;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const fullPath = req.url ?? '/';
    const url = new URL(fullPath, 'http://127.0.0.1');
    const provider = url.pathname.split('/')[1];
    if (!isSimProvider(provider)) {
      send(res, { status: 404, body: { error: `no simulated provider at ${url.pathname}` } });
      return;
    }
    const headers = lowerCaseHeaders(req);
    let body: unknown;
    let jsonError: string | undefined;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch (error) {
        jsonError = error instanceof Error ? error.message : String(error);
      }
    }
    const method = req.method ?? 'GET';
    const received: RecordedRequest = {
      provider,
      method,
      path: fullPath,
      headers,
      body,
      rawBody,
      receivedAt: Date.now(),
    };
    requests.push(received);
    arrivals.changed();

    const scripted = takeScript(provider, url.pathname);
    if (scripted !== undefined) {
      if ('destroy' in scripted) {
        req.socket.destroy();
        return;
      }
      if ('hang' in scripted) return; // answered never; close() destroys the socket
      if ('until' in scripted) await scripted.until.catch(() => undefined);
      else if (scripted.delayMs !== undefined) await loop.wait(scripted.delayMs);
      if ('status' in scripted) {
        send(res, scriptedAnswer(scripted, received));
        return;
      }
    }

    if (resolved.latencyMs > 0) await loop.wait(resolved.latencyMs);
    const path = url.pathname.slice(provider.length + 1) || '/';
    if (method !== 'POST') {
      send(res, { status: 405, body: { detail: 'Method Not Allowed' } });
      return;
    }
    if (provider === 'vllm' && vllmLegacyStatus !== undefined && path === '/v1/rerank') {
      // What an older vLLM (or a proxy in front of one) answers for a route it lacks.
      const detail = { 404: 'Not Found', 405: 'Method Not Allowed', 501: 'Not Implemented' };
      send(res, { status: vllmLegacyStatus, body: { detail: detail[vllmLegacyStatus] } });
      return;
    }
    const ctx: SimContext = {
      provider,
      method,
      path,
      fullPath,
      query: url.search.replace(/^\?/, ''),
      headers,
      rawBody,
      body,
      jsonError,
      options: resolved,
      key: resolved.keys[provider],
      cap: resolved.caps[provider],
    };
    const response = await PROVIDER_HANDLERS[provider](ctx);
    send(res, response ?? { status: 404, body: { detail: 'Not Found' } });
  }

  // `answer` runs only once the server listens, when `loop` is set.
  const loop = await listenLoopback('provider simulator', answer);
  const url = loop.url;

  return {
    url,
    baseUrl: (provider) => `${url}/${provider}`,
    script(provider, responses, pathSuffix) {
      const queue = scripts.get(provider) ?? [];
      queue.push(...responses.map((response) => ({ response, pathSuffix })));
      scripts.set(provider, queue);
    },
    vllmLegacyOnly(status = 404) {
      vllmLegacyStatus = status;
    },
    requests,
    received: arrivals.reached,
    reset() {
      requests.length = 0;
      scripts.clear();
      vllmLegacyStatus = undefined;
    },
    close: () => loop.close(),
  };
}
