/**
 * Process-wide hardening, applied before any window exists: every web contents may only show
 * the app's own origin, opens no windows, attaches no webviews, and every permission request
 * (camera, notifications, …) is denied except clipboard writes from the app's own origin.
 */
import { app, session, type WebFrameMain } from 'electron';
import { isAppUrl } from './app-protocol';

export { isAppUrl };

/**
 * The one permission the app's page may have: writing plain text to the clipboard (Copy curl,
 * Copy export), which Chromium checks as `clipboard-sanitized-write`.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** IPC is answered only for the app's own top-level frame. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(
      ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl || contents.getURL()),
    ),
  );
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin),
  );
}
