import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { operations } from '../../shared/contract';
import { noteSecrets } from '../secrets/log-redaction';
import { createSecretStore } from '../secrets/secret-store';
import { createServices } from '../composition/compose';
import { logBug, logProblem, RECENT_PROBLEMS, recentProblems } from './log';

const dirs: string[] = [];
afterEach(() => {
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  vi.restoreAllMocks();
});

describe('recent problems', () => {
  it('keeps the last ones, redacted, including keys noted after they were logged', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    for (let i = 0; i < RECENT_PROBLEMS + 5; i++) logProblem('test', `problem ${i}`);
    const late = 'late-key-0123456789abcdef';
    logBug('engine', new Error(`provider said: bad key ${late}`));
    logProblem('history', 'Authorization: Bearer sk-abcdefghijklmnop failed');
    noteSecrets([late]);
    const problems = recentProblems();
    expect(problems).toHaveLength(RECENT_PROBLEMS);
    expect(problems.at(-3)!.message).toBe(`problem ${RECENT_PROBLEMS + 4}`);
    expect(problems.at(-2)).toMatchObject({ kind: 'bug', where: 'engine' });
    expect(problems.at(-2)!.message).toContain('bad key ••••cdef');
    expect(problems.at(-2)!.message).not.toContain(late.slice(0, -4));
    expect(problems.at(-1)!.message).toBe('Authorization: Bearer ••••mnop failed');
  });

  it('app:diagnostics has versions, settings, schema, key status without any key, problems', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-diag-'));
    dirs.push(dataDir);
    const key = 'co-diagnostics-key-0123456789';
    const env = { COHERE_API_KEY: key };
    const services = createServices({
      host: 'test',
      dataDir,
      env,
      secrets: createSecretStore({ env, keychain: false }),
      historyDir: false,
    });
    await dispatch(services.handlers, 'settings:set', { theme: 'light' });
    logProblem('diagnostics test', `the key ${key} was refused`);
    const result = await dispatch(services.handlers, 'app:diagnostics', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const diagnostics = operations['app:diagnostics'].response.parse(result.value);
    expect(diagnostics.app).toMatchObject({ name: 'Rerank Studio', host: 'test' });
    expect(diagnostics.app.versions.node).toBe(process.versions.node);
    expect(diagnostics.settings).toEqual({ theme: 'light' });
    expect(diagnostics.historySchemaVersion).toBeGreaterThan(0);
    expect(diagnostics.keys.find((k) => k.provider === 'cohere')).toEqual({
      provider: 'cohere',
      configured: true,
      source: 'env',
    });
    const text = JSON.stringify(result.value);
    expect(text).not.toContain(key.slice(0, -4));
    expect(text).not.toContain('last4');
    expect(diagnostics.recentProblems.at(-1)!.message).toBe('the key ••••6789 was refused');
  });
});
