/**
 * Drag and drop onto the window: the overlay says what a drop does; documents (CSV, JSON
 * Lines, text) are appended with the editor's own parsing and messages; a pipeline config
 * (YAML or JSON) becomes a column; a workspace opens, asking before unsaved changes go; a
 * refused drop changes nothing.
 */
import { BM25_CONFIG } from '../shared/pipeline/config';
import { WORKSPACE_KIND, type Workspace } from '../shared/workspace/workspace';
import { expect, test } from './fixtures';
import { AppMenu, dropFiles, hoverFiles, notice } from './pages/finish';
import { SAMPLE_DOCUMENTS } from './sample';

test('the overlay says what a drop will do, and goes when the drag leaves', async ({ app }) => {
  const overlay = app.page.getByRole('status', { name: 'Drop files' });
  const text = await hoverFiles(app.page, [
    { name: 'docs.csv', text: 'text\na\n', type: 'text/csv' },
  ]);
  await expect(overlay).toHaveText('Drop this file to add its documents to the editor.');
  await text.leave();
  await expect(overlay).toBeHidden();
  const mixed = await hoverFiles(app.page, [
    { name: 'a.json', text: '[]', type: 'application/json' },
    { name: 'b.yaml', text: '' },
  ]);
  await expect(overlay).toContainText('Drop these 2 files:');
  await expect(overlay.getByRole('listitem')).toHaveText([
    /documents .* are added to the editor/,
    /a pipeline config .* is added as a column/,
    /a workspace .* opens, asking first/,
  ]);
  await mixed.leave();
  await expect(overlay).toBeHidden();
});

test('documents files are appended, configs become columns, in one drop', async ({ app }) => {
  await dropFiles(app.page, [
    {
      name: 'docs.csv',
      text: 'id,text,year\nc1,"heart, and lungs",2020\nc2,rowing,2021\n',
      type: 'text/csv',
    },
    { name: 'more.jsonl', text: '{"text":"swimming laps"}\n' },
    {
      name: 'tuned.rerank.yaml',
      text: 'version: 1\nname: bm25 tuned\nstrategy: heuristic\nparams:\n  method: bm25\n  k1: 0.9\n  b: 0.4\n',
    },
  ]);
  await expect(notice(app.page)).toHaveText(
    'Added 2 documents from docs.csv; added 1 document from more.jsonl; added the column “bm25 tuned” from tuned.rerank.yaml',
  );
  await app.expectDocuments([...SAMPLE_DOCUMENTS, 'heart, and lungs', 'rowing', 'swimming laps']);
  await expect(app.columnRegions).toHaveCount(3);
  await expect(app.column(3).region).toHaveAccessibleName('Column 3: bm25 tuned');
  await expect(app.column(3).k1).toHaveValue('0.9');
});

test('a refused drop changes nothing and names the file and the problem', async ({ app }) => {
  await dropFiles(app.page, [
    { name: 'good.txt', text: 'one\ntwo\n' },
    { name: 'bad.jsonl', text: '{"text":"ok"}\n{"text": }\n' },
  ]);
  await expect(notice(app.page)).toHaveText(/^bad\.jsonl: line 2: not valid JSON: /);
  await app.expectDocuments(SAMPLE_DOCUMENTS);

  await dropFiles(app.page, [
    {
      name: 'config.json',
      text: JSON.stringify({ ...BM25_CONFIG, params: { method: 'bm25', k1: 42 } }),
    },
  ]);
  await expect(notice(app.page)).toHaveText(/^config\.json: params\.k1: /);
  await dropFiles(app.page, [{ name: 'slides.pdf', text: '%PDF' }]);
  await expect(notice(app.page)).toHaveText(/^slides\.pdf: drop \.txt, \.csv, \.json/);
  await expect(app.columnRegions).toHaveCount(2);
});

test('a dropped workspace opens, after asking when there are unsaved changes', async ({ app }) => {
  const menu = new AppMenu(app.page);
  const workspace: Workspace = {
    kind: WORKSPACE_KIND,
    version: 1,
    query: 'dropped query',
    instruction: '',
    topN: '',
    documents: [{ text: 'only one' }],
    columns: [{ config: BM25_CONFIG }],
  };
  const file = {
    name: 'dropped.rerank.json',
    text: JSON.stringify(workspace),
    type: 'application/json',
  };
  await app.query.fill('unsaved work');
  await dropFiles(app.page, [file]);
  const question = app.page.getByRole('dialog', { name: 'Unsaved changes' });
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.query).toHaveValue('unsaved work');
  await dropFiles(app.page, [file]);
  await question.getByRole('button', { name: 'Discard changes' }).click();
  await expect(app.query).toHaveValue('dropped query');
  await app.expectDocuments(['only one']);
  await menu.expectWorkspace('dropped', false);
});
