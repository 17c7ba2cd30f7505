/**
 * The renderer's Content Security Policy, one source for every host: Vite writes it into
 * index.html as a meta tag, the web host and Electron's protocol handler also send it as a
 * header (only a header can carry `frame-ancestors`). No `unsafe-eval`, no inline script.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

export const CSP_META = DIRECTIVES.join('; ');
export const CSP_HEADER = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** Headers sent with every renderer file, whichever host serves it. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};
