import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BM25_CONFIG } from '../../../shared/pipeline/config';
import { WORKSPACE_KIND, type Workspace } from '../../../shared/workspace/workspace';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

const study: Workspace = {
  kind: WORKSPACE_KIND,
  version: 1,
  query: 'heart study',
  instruction: '',
  topN: '',
  documents: [{ text: 'a' }, { text: 'b' }],
  columns: [
    { config: BM25_CONFIG },
    { config: { ...BM25_CONFIG, name: 'bm25 b' } },
    {
      config: {
        version: 1,
        name: 'fused',
        strategy: 'fusion',
        params: { method: 'rrf', members: [BM25_CONFIG, { ...BM25_CONFIG, name: 'bm25 b' }] },
      },
      linked: [0, 1],
    },
  ],
};

/** A recording of what the store handed over as downloads. */
function downloads() {
  const files: { text: string; fileName: string }[] = [];
  return { files, download: (text: string, fileName: string) => files.push({ text, fileName }) };
}

describe('workspace slice', () => {
  it('marks edits unsaved, autosaves them, and a new store restores them', async () => {
    const { client } = await webHostClient();
    const first = createAppStore(client);
    await first.getState().startWorkspace();
    expect(first.getState().workspaceDirty).toBe(false);
    first.getState().setQuery('autosaved query');
    expect(first.getState().workspaceDirty).toBe(true);
    await vi.waitFor(
      async () => {
        const restored = await client.call('workspace:restore', {});
        expect(restored.ok && restored.value.autosave?.workspace.query).toBe('autosaved query');
      },
      { timeout: 5_000 },
    );
    const second = createAppStore(client);
    await second.getState().startWorkspace();
    expect(second.getState().query).toBe('autosaved query');
    expect(second.getState().workspaceDirty).toBe(true);
    expect(second.getState().documents.map((d) => d.text)).toEqual(SAMPLE_DOCUMENTS);
  });

  it('opens a file by path with fusion links kept, saves it in place, and lists it as recent', async () => {
    const { client, dataDir } = await webHostClient({
      prepareDataDir: (dir) => {
        mkdirSync(path.join(dir, 'w'), { recursive: true });
        const file = path.join(dir, 'w', 'study.rerank.json');
        writeFileSync(file, JSON.stringify(study));
        // A file saved in an earlier session: the host lets the renderer name it.
        writeFileSync(
          path.join(dir, 'recent-workspaces.json'),
          JSON.stringify([{ path: file, name: 'study', at: 1 }]),
        );
      },
    });
    const file = path.join(dataDir, 'w', 'study.rerank.json');
    const store = createAppStore(client);
    await store.getState().startWorkspace();
    await store.getState().openWorkspace(file);
    const state = store.getState();
    expect(state.workspaceName).toBe('study');
    expect(state.workspacePath).toBe(file);
    expect(state.recentFiles.map((r) => r.path)).toEqual([file]);
    const [a, b, fused] = state.columns;
    expect(fused!.linked).toEqual([a!.id, b!.id]);
    // A followed column's edit reaches the fusion member, as in any fusion column.
    store.getState().setBm25Param(b!.id, 'k1', '2');
    expect(store.getState().columns[2]!.config.params).toMatchObject({
      members: [BM25_CONFIG, { name: 'bm25 b', params: { k1: 2 } }],
    });
    expect(store.getState().workspaceDirty).toBe(true);
    expect(await store.getState().saveWorkspace()).toBe('saved');
    expect(store.getState().workspaceDirty).toBe(false);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Workspace;
    expect(written.columns[2]!.linked).toEqual([0, 1]);
    expect(written.columns[1]!.config.params).toMatchObject({ k1: 2 });
  });

  it('without native dialogs, Save as downloads and Open asks for the browser file picker', async () => {
    const { client } = await webHostClient();
    const recorded = downloads();
    const store = createAppStore(client, { download: recorded.download });
    await store.getState().startWorkspace();
    expect(store.getState().nativeDialogs).toBe(false);
    store.getState().setQuery('to download');
    expect(await store.getState().saveWorkspaceAs()).toBe('downloaded');
    expect(recorded.files.map((f) => f.fileName)).toEqual(['Untitled.rerank.json']);
    expect((JSON.parse(recorded.files[0]!.text) as Workspace).query).toBe('to download');
    expect(store.getState().workspaceDirty).toBe(false);
    const before = store.getState().openFileRequest;
    await store.getState().openWorkspace();
    expect(store.getState().openFileRequest).toBe(before + 1);
  });

  it('asks before replacing unsaved changes: cancel keeps them, discard replaces them', async () => {
    const store = createAppStore((await webHostClient()).client);
    await store.getState().startWorkspace();
    store.getState().setQuery('unsaved');
    store.getState().openWorkspaceText(JSON.stringify(study), 'study.rerank.json');
    expect(store.getState().pendingWorkspace?.name).toBe('study');
    expect(store.getState().query).toBe('unsaved');
    await store.getState().resolvePendingWorkspace('cancel');
    expect(store.getState().pendingWorkspace).toBeUndefined();
    expect(store.getState().query).toBe('unsaved');
    store.getState().newWorkspace();
    await store.getState().resolvePendingWorkspace('discard');
    expect(store.getState().query).toBe('');
    expect(store.getState().columns.map((c) => c.config.name)).toEqual(['input order', 'bm25']);
    expect(store.getState().workspaceDirty).toBe(false);
    // Clean: the next open replaces at once.
    store.getState().openWorkspaceText(JSON.stringify(study), 'study.rerank.json');
    expect(store.getState().query).toBe('heart study');
  });
});

describe('commands, drops and settings', () => {
  it('runs a command the menu sends as app:command, and skips one that cannot run', async () => {
    const { client, deliver } = await webHostClient();
    const store = createAppStore(client);
    deliver('app:command', { command: 'new-column' });
    expect(store.getState().columns).toHaveLength(3);
    deliver('app:command', { command: 'open-history' });
    expect(store.getState().historyOpen).toBe(true);
    deliver('app:command', { command: 'compare' });
    expect(store.getState().compareOpen).toBe(false);
    deliver('app:command', { command: 'command-palette' });
    expect(store.getState().paletteOpen).toBe(true);
    expect(() => deliver('app:command', { command: 'format-disk' as 'run' })).toThrow();
  });

  it('a drop appends documents and adds columns, or changes nothing and says why', async () => {
    const store = createAppStore((await webHostClient()).client);
    const file = (name: string, text: string) => new File([text], name);
    const added = await store
      .getState()
      .dropFiles([
        file('d.csv', 'text\nx\ny\n'),
        file('c.json', JSON.stringify({ ...BM25_CONFIG, name: 'dropped' })),
      ]);
    expect(added).toEqual({
      ok: true,
      value: 'Added 2 documents from d.csv; added the column “dropped” from c.json',
    });
    expect(
      store
        .getState()
        .documents.map((d) => d.text)
        .slice(-2),
    ).toEqual(['x', 'y']);
    expect(store.getState().columns.at(-1)!.config.name).toBe('dropped');
    const before = store.getState().documents;
    const refused = await store
      .getState()
      .dropFiles([file('ok.txt', 'z'), file('bad.csv', 'text\n"unclosed\n')]);
    expect(refused.ok).toBe(false);
    expect(store.getState().documents).toBe(before);
    expect(store.getState().appNotice).toMatchObject({ error: true });
    expect(store.getState().appNotice!.text).toMatch(/^bad\.csv: /);
  });

  it('keeps the theme with the host', async () => {
    const { client } = await webHostClient();
    const store = createAppStore(client);
    await store.getState().setTheme('dark');
    const next = createAppStore(client);
    await next.getState().loadSettings();
    expect(next.getState().theme).toBe('dark');
  });
});

describe('files the OS asks the desktop app to open', () => {
  it('reads them through the host and handles them as a drop; a path the host never gave is refused', async () => {
    const { client, dataDir, deliver } = await webHostClient({
      prepareDataDir: (dir) => {
        const config = path.join(dir, 'tuned.rerank.json');
        writeFileSync(config, JSON.stringify({ ...BM25_CONFIG, name: 'tuned bm25' }));
        writeFileSync(path.join(dir, 'study.rerank.json'), JSON.stringify(study));
        // What main's grant does for a file association, the recent list does for the web host.
        writeFileSync(
          path.join(dir, 'recent-workspaces.json'),
          JSON.stringify([
            { path: config, name: 'tuned', at: 2 },
            { path: path.join(dir, 'study.rerank.json'), name: 'study', at: 1 },
          ]),
        );
      },
    });
    const store = createAppStore(client);
    await store.getState().startWorkspace();
    const columns = store.getState().columns.length;

    deliver('app:open-paths', { paths: [path.join(dataDir, 'tuned.rerank.json')] });
    await vi.waitFor(() => expect(store.getState().columns).toHaveLength(columns + 1));
    expect(store.getState().columns.at(-1)!.config.name).toBe('tuned bm25');

    const stranger = path.join(dataDir, 'history.db');
    deliver('app:open-paths', { paths: [stranger] });
    await vi.waitFor(() => expect(store.getState().appNotice?.error).toBe(true));
    expect(store.getState().appNotice?.text).toContain(
      `${stranger} is not available: it does not exist, or it was not chosen in Rerank Studio`,
    );
    expect(store.getState().columns).toHaveLength(columns + 1);

    deliver('app:open-paths', { paths: [path.join(dataDir, 'study.rerank.json')] });
    // The workspace replaces unsaved changes only after asking.
    await vi.waitFor(() => expect(store.getState().pendingWorkspace).toBeDefined());
    await store.getState().resolvePendingWorkspace('discard');
    expect(store.getState().query).toBe('heart study');
  });
});
