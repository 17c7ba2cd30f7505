/**
 * The security gate can fail: a window configured the way the Electron checklist warns
 * against is reported by the same scan `npm test` runs over the app, with serious findings.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanElectron } from './electronegativity.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-eng-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Electronegativity gate', () => {
  it('reports an insecure window as serious findings', { timeout: 60_000 }, async () => {
    mkdirSync(path.join(dir, 'main'));
    writeFileSync(
      path.join(dir, 'main', 'window.js'),
      `const { BrowserWindow } = require('electron');
       const window = new BrowserWindow({
         webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false },
       });
       window.loadURL('http://example.com/');`,
    );
    const { findings } = await scanElectron(dir, '45.4.1');
    const serious = findings.filter((f) => f.serious).map((f) => f.id);
    expect(serious).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'HTTP_RESOURCES_JS_CHECK',
        // No navigation limits and no permission handler anywhere: the app's own code has both.
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  });
});
