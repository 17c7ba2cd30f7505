import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { operations } from '../../shared/contract';
import { BM25_CONFIG } from '../../shared/pipeline/config';
import { WORKSPACE_KIND, type Workspace } from '../../shared/workspace/workspace';
import { createServices } from '../composition/compose';
import type { FileDialogs } from './file-dialogs';
import { AUTOSAVE_FILE, MAX_RECENT, RECENT_FILE } from './workspace-files';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-ws-'));
  dirs.push(dir);
  return dir;
};

const workspace: Workspace = {
  kind: WORKSPACE_KIND,
  version: 1,
  query: 'heart health',
  instruction: 'prefer studies',
  topN: '3',
  documents: [{ text: 'exercise strengthens the heart', id: 'h1' }, { text: 'pasta' }],
  columns: [{ config: BM25_CONFIG }],
};

/** Dialogs that answer from a queue, as a user clicking would (undefined: Cancel). */
function scriptedDialogs(answers: (string | undefined)[]): FileDialogs & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    showOpen: ({ title }) => (asked.push(title), Promise.resolve(answers.shift())),
    showSave: ({ title, defaultPath }) => (
      asked.push(`${title}: ${defaultPath ?? ''}`),
      Promise.resolve(answers.shift())
    ),
  };
}

function setup(fileDialogs?: FileDialogs) {
  const dataDir = tempDir();
  const services = createServices({ host: 'test', dataDir, historyDir: false, fileDialogs });
  const call = async (name: keyof typeof operations, request: unknown) => {
    const result = await dispatch(services.handlers, name, request);
    if (result.ok) operations[name].response.parse(result.value);
    return result;
  };
  return { dataDir, call, grant: (file: string) => services.grants.grant(file, 'file') };
}

describe('workspace files', () => {
  it('saves atomically to a path, reopens the same workspace and lists it as recent', async () => {
    const folder = tempDir();
    const file = path.join(folder, 'heart.rerank.json');
    const { dataDir, call } = setup(scriptedDialogs([file]));
    expect(await call('workspace:state', {})).toEqual({
      ok: true,
      value: { nativeDialogs: true, recent: [] },
    });
    const first = { ...workspace, query: 'first save' };
    expect(await call('workspace:save', { workspace: first })).toEqual({
      ok: true,
      value: { path: file },
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    // Saved again in place: the path is now the host's to write.
    expect(await call('workspace:save', { workspace, path: file })).toEqual({
      ok: true,
      value: { path: file },
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(workspace);
    // No temporary file is left beside it.
    expect(readdirSync(folder)).toEqual(['heart.rerank.json']);
    expect(await call('workspace:open', { path: file })).toEqual({
      ok: true,
      value: { path: file, workspace },
    });
    const state = await call('workspace:state', {});
    expect(state.ok && (state.value as { recent: unknown[] }).recent).toEqual([
      { path: file, name: 'heart', at: expect.any(Number) as number },
    ]);
    expect(readdirSync(dataDir)).toContain(RECENT_FILE);
  });

  it('keeps the recent list newest first, without repeats, at most ten', async () => {
    const { call, grant } = setup();
    const folder = tempDir();
    const files = Array.from({ length: MAX_RECENT + 2 }, (_, i) =>
      path.join(folder, `w${i}.rerank.json`),
    );
    files.forEach(grant);
    await Promise.all(files.map((file) => call('workspace:save', { workspace, path: file })));
    await call('workspace:save', { workspace, path: files[5] });
    const state = await call('workspace:state', {});
    const recent = state.ok ? (state.value as { recent: { path: string }[] }).recent : [];
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]!.path).toBe(files[5]);
    expect(new Set(recent.map((r) => r.path)).size).toBe(MAX_RECENT);
  });

  it('asks the native dialog when there is no path, and a cancel is not an error', async () => {
    const folder = tempDir();
    const chosen = path.join(folder, 'chosen.rerank.json');
    const dialogs = scriptedDialogs([chosen, undefined, chosen]);
    const { call } = setup(dialogs);
    expect(await call('workspace:save', { workspace, suggestedName: 'heart' })).toEqual({
      ok: true,
      value: { path: chosen },
    });
    expect(await call('workspace:open', {})).toEqual({ ok: true, value: { cancelled: true } });
    expect(await call('workspace:open', {})).toEqual({
      ok: true,
      value: { path: chosen, workspace },
    });
    expect(dialogs.asked).toEqual([
      'Save workspace: heart.rerank.json',
      'Open workspace',
      'Open workspace',
    ]);
  });

  it('without dialogs, open and save without a path are refused as unsupported', async () => {
    const { call } = setup();
    const refused = await call('workspace:open', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await call('workspace:save', { workspace })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });

  it('names the file and the path of what is wrong, and refuses a newer version', async () => {
    const { call, grant } = setup();
    const folder = tempDir();
    const file = path.join(folder, 'bad.rerank.json');
    grant(file);
    writeFileSync(
      file,
      JSON.stringify({
        ...workspace,
        columns: [{ config: { ...BM25_CONFIG, params: { method: 'bm25', k1: 99 } } }],
      }),
    );
    const bad = await call('workspace:open', { path: file });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(`${file}: columns[0].config.params.k1`);

    writeFileSync(file, '{"kind": "rerank-studio-workspace",\n "version": }');
    const broken = await call('workspace:open', { path: file });
    expect(broken.ok).toBe(false);
    if (!broken.ok)
      expect(broken.error.message).toBe(
        `${file}: not valid JSON: value expected at line 2, column 13`,
      );

    writeFileSync(file, JSON.stringify({ ...workspace, version: 2 }));
    const newer = await call('workspace:open', { path: file });
    expect(newer).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    if (!newer.ok)
      expect(newer.error.message).toContain('newer Rerank Studio (workspace version 2');
  });

  it('drops a recent file that no longer exists, saying so', async () => {
    const { call, grant } = setup();
    const file = path.join(tempDir(), 'gone.rerank.json');
    grant(file);
    await call('workspace:save', { workspace, path: file });
    rmSync(file);
    const gone = await call('workspace:open', { path: file });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const state = await call('workspace:state', {});
    expect(state.ok && (state.value as { recent: unknown[] }).recent).toEqual([]);
  });

  it('autosaves and restores, and moves an unreadable autosave aside', async () => {
    const { dataDir, call } = setup();
    expect(await call('workspace:restore', {})).toEqual({ ok: true, value: {} });
    await call('workspace:autosave', {
      workspace,
      path: '/somewhere/heart.rerank.json',
      dirty: true,
    });
    expect(await call('workspace:restore', {})).toEqual({
      ok: true,
      value: {
        autosave: {
          workspace,
          path: '/somewhere/heart.rerank.json',
          dirty: true,
          savedAt: expect.any(Number) as number,
        },
      },
    });
    writeFileSync(path.join(dataDir, AUTOSAVE_FILE), '{"workspace": ');
    const restored = await call('workspace:restore', {});
    expect(restored.ok && (restored.value as { problem?: string }).problem).toMatch(
      /could not be read and was moved to .*autosave\.rerank\.json\.unreadable-\d+/,
    );
    expect(
      readdirSync(dataDir).some((name) => name.startsWith(`${AUTOSAVE_FILE}.unreadable-`)),
    ).toBe(true);
    expect(await call('workspace:restore', {})).toEqual({ ok: true, value: {} });
  });

  it('opens and saves by path only files it chose, was told of or has on the recent list', async () => {
    const { dataDir, call } = setup();
    const target = path.join(tempDir(), 'not-yours.txt');
    writeFileSync(target, 'keep');
    const missing = path.join(path.dirname(target), 'missing.rerank.json');
    for (const refused of [
      await call('workspace:save', { workspace, path: target }),
      await call('workspace:open', { path: target }),
      await call('workspace:read-file', { path: target }),
    ]) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', path: ['path'] } });
      if (!refused.ok)
        expect(refused.error.message).toMatch(
          `${target} is not available: it does not exist, or it was not chosen in Rerank Studio; use `,
        );
    }
    // The same answer for a file that is not there: a refusal says nothing about the disk.
    const absent = await call('workspace:open', { path: missing });
    const present = await call('workspace:open', { path: target });
    expect(JSON.stringify(absent).replaceAll(missing, 'X')).toBe(
      JSON.stringify(present).replaceAll(target, 'X'),
    );
    expect(readFileSync(target, 'utf8')).toBe('keep');
    // A path on the recent list (kept by the host in the data folder) is one it handed out.
    writeFileSync(
      path.join(dataDir, RECENT_FILE),
      JSON.stringify([{ path: target, name: 'not-yours', at: 1 }]),
    );
    expect(await call('workspace:save', { workspace, path: target })).toEqual({
      ok: true,
      value: { path: target },
    });
  });
});

describe('settings and diagnostics', () => {
  it('keeps the theme in settings.json and falls back to system for a broken file', async () => {
    const { dataDir, call } = setup();
    expect(await call('settings:get', {})).toEqual({ ok: true, value: { theme: 'system' } });
    expect(await call('settings:set', { theme: 'dark' })).toEqual({
      ok: true,
      value: { theme: 'dark' },
    });
    expect(JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({
      theme: 'dark',
    });
    expect(await call('settings:set', { theme: 'purple' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    writeFileSync(path.join(dataDir, 'settings.json'), '{ nope');
    expect(await call('settings:get', {})).toEqual({ ok: true, value: { theme: 'system' } });
  });
});
