/**
 * Loopback HTTP transport (web host): `POST /api/<operation>` with the launch token, events
 * from `GET /api/events` read as Server-Sent Events. `fetch` rather than `EventSource` so the
 * token travels in a header, not in a URL that could end up in logs.
 */
import type { EventName } from '../../shared/contract';
import { fail, type Result } from '../../shared/util/result';
import type { Client } from './client';
import { readServerSentEvents } from './sse';

const TOKEN_KEY = 'rerank-studio-token';

/** Takes the token from `#token=…` (then clears it from the address bar) or this tab's session. */
export function readLaunchToken(win: Window): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(win.location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]!);
    win.sessionStorage.setItem(TOKEN_KEY, token);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return token;
  }
  return win.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export interface HttpClientOptions {
  origin: string;
  token: string | undefined;
}

const NO_TOKEN =
  'this page has no access token: open the full URL that `npm run web` printed (it ends in #token=…)';

const UNREACHABLE = 'cannot reach the Rerank Studio host';

export function createHttpClient({ origin, token }: HttpClientOptions): Client {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const interruptionListeners = new Set<() => void>();
  let readyPromise: Promise<void> | undefined;

  function connectEvents(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let connected = false;
      const run = async (attempt: number): Promise<void> => {
        try {
          const response = await fetch(`${origin}/api/events`, {
            headers: { Authorization: `Bearer ${token ?? ''}` },
            cache: 'no-store',
          });
          if (!response.ok || !response.body)
            throw new Error(`event stream answered ${response.status}`);
          await readServerSentEvents(response.body, (event, data) => {
            if (event === 'ready') {
              attempt = 0;
              connected = true;
              if (!settled) {
                settled = true;
                resolve();
              }
              return;
            }
            const set = listeners.get(event as EventName);
            if (!set) return;
            const payload: unknown = JSON.parse(data);
            for (const listener of set) listener(payload);
          });
        } catch (error) {
          if (!settled && attempt >= 3) {
            settled = true;
            // Said as a failed call says it: "fetch failed" alone names nothing the user knows.
            const reason = error instanceof Error ? error.message : String(error);
            reject(new Error(`${UNREACHABLE}: ${reason}`));
            return;
          }
        }
        // What the host sends until the next `ready` is lost: said once per drop.
        if (connected) {
          connected = false;
          for (const listener of interruptionListeners) listener();
        }
        // The stream ended or failed: reconnect with a capped backoff.
        setTimeout(() => void run(attempt + 1), Math.min(5_000, 250 * 2 ** attempt));
      };
      void run(0);
    });
  }

  return {
    transport: 'http',
    async call(name, request) {
      if (!token) return fail('invalid_request', NO_TOKEN);
      let response: Response;
      try {
        response = await fetch(`${origin}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
        });
      } catch (error) {
        return fail('internal', `${UNREACHABLE}: ${(error as Error).message}`);
      }
      try {
        return (await response.json()) as Result<never>;
      } catch {
        return fail('internal', `the host answered ${response.status} without a JSON body`);
      }
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    ready() {
      if (!token) return Promise.reject(new Error(NO_TOKEN));
      return (readyPromise ??= connectEvents());
    },
    onEventsInterrupted(listener) {
      interruptionListeners.add(listener);
      return () => interruptionListeners.delete(listener);
    },
  };
}
