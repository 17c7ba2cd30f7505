/**
 * Workspaces in the web host, which has no native file dialogs: Save downloads the
 * `.rerank.json`, Open reads one picked in the browser; files the host knows by path (recent
 * files) open and save through the host, atomically; the workspace is autosaved and comes back
 * after a reload; unsaved changes are never replaced without asking.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BM25_CONFIG } from '../shared/pipeline/config';
import { WORKSPACE_KIND, type Workspace } from '../shared/workspace/workspace';
import { expect, hostKind, test } from './fixtures';
import { AppMenu, notice } from './pages/finish';

test.skip(hostKind === 'electron', 'the desktop app saves and opens through native dialogs');

const study: Workspace = {
  kind: WORKSPACE_KIND,
  version: 1,
  query: 'does exercise help the heart',
  instruction: 'prefer clinical studies',
  topN: '2',
  documents: [{ text: 'cycling strengthens the heart muscle' }, { text: 'pasta recipes', id: 'p' }],
  columns: [{ config: { ...BM25_CONFIG, name: 'bm25 study' } }],
};

test('Save downloads the workspace, Open reads it back, asking before unsaved changes go', async ({
  app,
}) => {
  const { page } = app;
  const menu = new AppMenu(page);
  await menu.expectWorkspace('Untitled', false);
  await app.query.fill('heart exercise');
  await menu.expectWorkspace('Untitled', true);
  await expect(page).toHaveTitle('• Untitled — Rerank Studio');

  const downloading = page.waitForEvent('download');
  await page.keyboard.press('ControlOrMeta+s');
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Untitled.rerank.json');
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as Workspace;
  expect(saved).toMatchObject({ kind: WORKSPACE_KIND, version: 1, query: 'heart exercise' });
  expect(saved.columns.map((c) => c.config.name)).toEqual(['input order', 'bm25']);
  expect(saved.documents).toHaveLength(8);
  await menu.expectWorkspace('Untitled', false);

  // Unsaved changes, then Open: the question comes first; Cancel keeps everything.
  await app.query.fill('changed again');
  const choosing = page.waitForEvent('filechooser');
  await menu.choose('Open workspace…');
  const chooser = await choosing;
  await chooser.setFiles({
    name: 'study.rerank.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(study)),
  });
  const question = page.getByRole('dialog', { name: 'Unsaved changes' });
  await expect(question).toContainText('Open “study” instead?');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.query).toHaveValue('changed again');

  await menu.fileInput.setInputFiles({
    name: 'study.rerank.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(study)),
  });
  await question.getByRole('button', { name: 'Discard changes' }).click();
  await expect(app.query).toHaveValue(study.query);
  await expect(app.instruction).toHaveValue(study.instruction);
  await expect(app.topN).toHaveValue('2');
  await app.expectDocuments(study.documents.map((d) => d.text));
  await expect(app.columnRegions).toHaveCount(1);
  await expect(app.column(1).region).toHaveAccessibleName('Column 1: bm25 study');
  await menu.expectWorkspace('study', false);

  // New: a blank workspace with the two baseline columns.
  await menu.choose('New workspace');
  await expect(app.query).toHaveValue('');
  await expect(app.documentBoxes).toHaveCount(0);
  await expect(app.columnRegions).toHaveCount(2);
});

test('a broken or newer workspace file is refused with the reason, and nothing is lost', async ({
  app,
}) => {
  const menu = new AppMenu(app.page);
  await app.query.fill('keep me');
  await menu.fileInput.setInputFiles({
    name: 'broken.rerank.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        ...study,
        columns: [{ config: { ...BM25_CONFIG, params: { method: 'bm25', b: 3 } } }],
      }),
    ),
  });
  await expect(notice(app.page)).toHaveText(
    /^broken\.rerank\.json: columns\[0\]\.config\.params\.b: .*1/,
  );
  await menu.fileInput.setInputFiles({
    name: 'newer.rerank.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...study, version: 9 })),
  });
  await expect(notice(app.page)).toContainText(
    'newer.rerank.json: this workspace was saved by a newer Rerank Studio (workspace version 9',
  );
  await expect(app.query).toHaveValue('keep me');
  await expect(app.documentBoxes).toHaveCount(8);
});

test.describe('files the host knows by path', () => {
  test.use({
    // eslint-disable-next-line no-empty-pattern
    prepareDataDir: async ({}, use) =>
      use((dataDir: string) => {
        const folder = path.join(dataDir, 'work');
        mkdirSync(folder, { recursive: true });
        const file = path.join(folder, 'heart study.rerank.json');
        writeFileSync(file, JSON.stringify(study));
        writeFileSync(
          path.join(dataDir, 'recent-workspaces.json'),
          JSON.stringify([{ path: file, name: 'heart study', at: Date.now() }]),
        );
      }),
  });

  test('a recent file opens and saves in place; the workspace is autosaved and restored', async ({
    app,
  }) => {
    const { page, host } = app;
    if (host.kind !== 'web') throw new Error('web host only');
    const file = path.join(host.dataDir, 'work', 'heart study.rerank.json');
    const menu = new AppMenu(page);
    await menu.open();
    await menu.recent('heart study').click();
    await expect(app.query).toHaveValue(study.query);
    await menu.expectWorkspace('heart study', false);

    await app.query.fill('edited in place');
    await menu.expectWorkspace('heart study', true);
    await page.keyboard.press('ControlOrMeta+s');
    await menu.expectWorkspace('heart study', false);
    await expect(notice(page)).toHaveText(`Saved ${file}`);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Workspace).query).toBe('edited in place');

    // Unsaved edits are autosaved in the data folder and come back, still marked unsaved.
    await app.query.fill('typed after saving');
    const autosave = path.join(host.dataDir, 'autosave.rerank.json');
    await expect
      .poll(() => {
        try {
          return (JSON.parse(readFileSync(autosave, 'utf8')) as { workspace: Workspace }).workspace
            .query;
        } catch {
          return undefined;
        }
      })
      .toBe('typed after saving');
    await page.reload();
    await expect(app.query).toHaveValue('typed after saving');
    await menu.expectWorkspace('heart study', true);
    await expect(app.column(1).region).toHaveAccessibleName('Column 1: bm25 study');
  });
});
