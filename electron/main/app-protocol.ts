/**
 * The renderer is served from `app://rerank-studio/` rather than `file://`: a real origin for
 * the sender checks and CSP, no access to the rest of the disk (Electron security checklist §18).
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { SECURITY_HEADERS } from '../platform/csp';
import { resolveStaticFile } from '../platform/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'rerank-studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether `url` is one of the app's own pages. Compared by scheme and host, not by
 * `URL.origin`: the main process parses URLs with Node's WHATWG URL, which gives every scheme it
 * does not know (ours included, though Chromium treats it as standard) the origin "null".
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response('not found', { status: 404 });
    const url = new URL(request.url);
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file.filePath).href);
    return new Response(response.body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}
