/**
 * Maps a URL path to a file of the built renderer, refusing anything outside its folder.
 * Used by the web host and by Electron's `app://` protocol handler.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  filePath: string;
  contentType: string;
  size: number;
}

export async function resolveStaticFile(
  rootDir: string,
  urlPath: string,
): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return undefined;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return undefined;
    const contentType =
      CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
    return { filePath, contentType, size: info.size };
  } catch {
    return undefined;
  }
}
