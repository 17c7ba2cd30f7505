import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { labelledJsonl } from '../../shared/evaluation/labelled-sample';
import { createServices } from '../composition/compose';
import type { FileDialogs } from '../workspaces/file-dialogs';
import { createPathGrants, grantFolders, type PathUse } from './path-grants';

const USE: PathUse = { field: 'path', how: 'choose it' };
const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-grants-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('path grants', () => {
  it('grants a file exactly and a folder with what is under it, nothing beside or above', async () => {
    const grants = createPathGrants();
    grants.grant('/data/sets', 'folder');
    grants.grant('/home/me/one.jsonl', 'file');
    const granted = async (p: string) => (await grants.check(p, USE)).ok;
    expect(await granted('/data/sets')).toBe(true);
    expect(await granted('/data/sets/beir/corpus.jsonl')).toBe(true);
    expect(await granted('/home/me/one.jsonl')).toBe(true);
    // A sibling whose name starts the same, a way out by `..`, the folder above, a neighbour.
    expect(await granted('/data/sets-private/x')).toBe(false);
    expect(await granted('/data/sets/../secrets/.env')).toBe(false);
    expect(await granted('/data')).toBe(false);
    expect(await granted('/home/me/two.jsonl')).toBe(false);
    expect(await granted('/home/me/one.jsonl/x')).toBe(false);
  });

  it('refuses with one answer that names the field and what to do, and asks lasting sources', async () => {
    const grants = createPathGrants();
    expect(await grants.check('/etc/passwd', USE)).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message:
          '/etc/passwd is not available: it does not exist, or it was not chosen in Rerank Studio; choose it',
        path: ['path'],
      },
    });
    expect(grants.unavailable('/etc/passwd', USE)).toEqual(await grants.check('/etc/passwd', USE));
    const asked: string[] = [];
    grants.addSource((p) => (asked.push(p), p === '/recent/a.rerank.json'));
    expect(await grants.check('/recent/a.rerank.json', USE)).toEqual({
      ok: true,
      value: '/recent/a.rerank.json',
    });
    expect(asked).toEqual(['/recent/a.rerank.json']);
  });

  it('trusts every path only when told (the CLI), and resolves folders given at startup', async () => {
    expect((await createPathGrants({ trustAll: true }).check('/etc/passwd', USE)).ok).toBe(true);
    const grants = createPathGrants();
    grantFolders(grants, ['sets', '/abs'], '/work/here');
    expect((await grants.check('/work/here/sets/a.csv', USE)).ok).toBe(true);
    expect((await grants.check('/abs/b.csv', USE)).ok).toBe(true);
    expect((await grants.check('/work/here/other.csv', USE)).ok).toBe(false);
  });
});

describe('files:choose', () => {
  it('grants what the native dialog chose, for the operations that take a path', async () => {
    const folder = path.join(root, 'chosen');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'set.jsonl'), labelledJsonl());
    const answers: (string | undefined)[] = [undefined, folder];
    const asked: { title: string; folder?: boolean }[] = [];
    const dialogs: FileDialogs = {
      showOpen: (options) => (asked.push(options), Promise.resolve(answers.shift())),
      showSave: () => Promise.resolve(undefined),
    };
    const services = createServices({
      host: 'electron',
      dataDir: path.join(root, 'data'),
      historyDir: false,
      fileDialogs: dialogs,
    });
    const call = (name: string, request: unknown) => dispatch(services.handlers, name, request);
    const set = path.join(folder, 'set.jsonl');
    expect(await call('eval:import', { path: set })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('files:choose', { purpose: 'dataset-folder' })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(await call('eval:import', { path: set })).toMatchObject({ ok: false });
    expect(await call('files:choose', { purpose: 'dataset-folder' })).toEqual({
      ok: true,
      value: { path: folder },
    });
    expect(asked).toMatchObject([
      { title: 'Choose a BEIR or TREC folder', folder: true },
      { title: 'Choose a BEIR or TREC folder', folder: true },
    ]);
    expect(await call('eval:import', { path: set })).toMatchObject({
      ok: true,
      value: { queries: 4 },
    });
    await services.close();

    // Without native dialogs (the web host) the page is told to upload instead.
    const web = createServices({ host: 'web', dataDir: path.join(root, 'web'), historyDir: false });
    expect(await dispatch(web.handlers, 'files:choose', { purpose: 'qrels' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    await web.close();
  });
});
