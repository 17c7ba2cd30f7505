/** The models folder through the contract: import, list, delete, and what a bad folder gets. */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { createServices } from '../composition/compose';
import { writeTinyCrossEncoder } from '../../testkit/models/tiny-cross-encoder';
import { loadCrossEncoder, scorePairs } from '../inference/cross-encoder';
import { externalDataFiles } from '../inference/onnx-external-data';

const work = mkdtempSync(path.join(tmpdir(), 'rerank-studio-store-'));
const services = createServices({ host: 'test', dataDir: path.join(work, 'data'), env: {} });
// As a dialog or `--allow-folder` would: the models imported below are under a chosen folder.
services.grants.grant(work, 'folder');
afterAll(async () => {
  await services.close();
  rmSync(work, { recursive: true, force: true });
});
const call = (name: string, request: unknown) => dispatch(services.handlers, name, request);

describe('models:import, models:list, models:delete', () => {
  it('imports a folder (also with model.onnx at its top), lists it and deletes it', async () => {
    const folder = writeTinyCrossEncoder(path.join(work, 'My Model'));
    renameSync(path.join(folder, 'onnx', 'model.onnx'), path.join(folder, 'model.onnx'));
    const imported = await call('models:import', { path: folder });
    expect(imported).toMatchObject({
      ok: true,
      value: { model: { id: 'local/My-Model', dtypes: ['fp32'], maxLength: 512 } },
    });
    expect(
      existsSync(path.join(work, 'data', 'models', 'local', 'My-Model', 'onnx', 'model.onnx')),
    ).toBe(true);
    expect(existsSync(path.join(folder, 'model.onnx'))).toBe(true); // the source is untouched

    const named = await call('models:import', { path: folder, id: 'team/reranker' });
    expect(named.ok).toBe(true);
    const listed = await call('models:list', {});
    expect(
      listed.ok && (listed.value as { installed: { id: string }[] }).installed.map((m) => m.id),
    ).toEqual(['local/My-Model', 'team/reranker']);
    expect(await call('models:import', { path: folder, id: 'team/reranker' })).toMatchObject({
      error: {
        message: 'a model "team/reranker" is already installed; delete it or choose another id',
      },
    });
    expect(await call('models:delete', { id: 'team/reranker' })).toEqual({
      ok: true,
      value: { deleted: true },
    });
    expect(existsSync(path.join(work, 'data', 'models', 'team'))).toBe(false);
    expect(await call('models:delete', { id: 'team/reranker' })).toEqual({
      ok: true,
      value: { deleted: false },
    });
  });

  it('says what is wrong with a folder that is not a model', async () => {
    // Not there: the answer an ungranted folder gets too (no existence probe).
    expect(await call('models:import', { path: path.join(work, 'nowhere') })).toMatchObject({
      error: {
        code: 'not_found',
        message: `${path.join(work, 'nowhere')} is not available: it does not exist, or it was not chosen in Rerank Studio; choose it with Choose… (desktop app), or start the web host with --allow-folder`,
      },
    });
    expect(await call('models:import', { path: path.join(work, 'nowhere', 'file') })).toEqual(
      await call('models:import', { path: path.join(work, 'nowhere', 'file') }),
    );
    writeFileSync(path.join(work, 'a-file'), '');
    expect(await call('models:import', { path: path.join(work, 'a-file') })).toMatchObject({
      error: { message: `${path.join(work, 'a-file')} is not a folder` },
    });
    const noOnnx = writeTinyCrossEncoder(path.join(work, 'no-onnx'));
    rmSync(path.join(noOnnx, 'onnx'), { recursive: true });
    expect(await call('models:import', { path: noOnnx })).toMatchObject({
      error: {
        message: `${noOnnx} has no ONNX model: expected onnx/model.onnx or onnx/model_quantized.onnx`,
      },
    });
    const badJson = writeTinyCrossEncoder(path.join(work, 'bad-json'));
    writeFileSync(path.join(badJson, 'config.json'), '{ "model_type": ');
    expect(await call('models:import', { path: badJson })).toMatchObject({
      error: {
        message: expect.stringMatching(/^config\.json in .*bad-json is not valid JSON/) as unknown,
      },
    });
    expect(await call('models:import', { path: badJson, id: '../escape' })).toMatchObject({
      error: {
        code: 'invalid_request',
        message: 'a model id is "org/name", like "Xenova/ms-marco-MiniLM-L-6-v2"',
        path: ['id'],
      },
    });
  });

  it('keeps the external data of a flat Optimum export (model.onnx + model.onnx_data)', async () => {
    const folder = writeTinyCrossEncoder(path.join(work, 'flat-external'), {
      externalData: 'model.onnx_data',
    });
    const embedded = writeTinyCrossEncoder(path.join(work, 'data', 'models', 'tests', 'embedded'));
    renameSync(path.join(folder, 'onnx', 'model.onnx'), path.join(folder, 'model.onnx'));
    renameSync(path.join(folder, 'onnx', 'model.onnx_data'), path.join(folder, 'model.onnx_data'));
    rmSync(path.join(folder, 'onnx'), { recursive: true });
    expect(await externalDataFiles(path.join(folder, 'model.onnx'))).toEqual([
      { location: 'model.onnx_data', bytesNeeded: 4288, tensors: 1 },
    ]);

    const imported = await call('models:import', { path: folder, id: 'tests/flat-external' });
    expect(imported).toMatchObject({ ok: true, value: { model: { dtypes: ['fp32'] } } });
    const installed = path.join(work, 'data', 'models', 'tests', 'flat-external');
    expect(existsSync(path.join(installed, 'onnx', 'model.onnx_data'))).toBe(true);
    expect(existsSync(path.join(installed, 'model.onnx_data'))).toBe(false);
    // It runs, and scores as the same weights stored inside the file do.
    const root = path.join(work, 'data', 'models');
    const ref = { root, dtype: 'fp32', threads: 1 } as const;
    const query = 'heart health';
    const documents = ['regular exercise improves heart health', 'cooking pasta at home'];
    const options = { maxLength: 64, batchSize: 2 };
    const external = await loadCrossEncoder({ ...ref, id: 'tests/flat-external' });
    const inside = await loadCrossEncoder({ ...ref, id: 'tests/embedded' });
    expect(embedded).toBe(path.join(root, 'tests', 'embedded'));
    expect((await scorePairs(external, query, documents, options)).logits).toEqual(
      (await scorePairs(inside, query, documents, options)).logits,
    );
  });

  it('refuses a model whose external data is missing or cut short, naming both files', async () => {
    const folder = writeTinyCrossEncoder(path.join(work, 'lost-data'), {
      externalData: 'model.onnx_data',
    });
    rmSync(path.join(folder, 'onnx', 'model.onnx_data'));
    expect(await call('models:import', { path: folder })).toMatchObject({
      ok: false,
      error: {
        message: `${folder}: onnx/model.onnx names external data "model.onnx_data", which is not beside it`,
      },
    });
    const flat = writeTinyCrossEncoder(path.join(work, 'short-data'), {
      externalData: 'model.onnx_data',
    });
    const data = path.join(flat, 'onnx', 'model.onnx_data');
    writeFileSync(data, readFileSync(data).subarray(0, 100));
    expect(await call('models:import', { path: flat })).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(
          /short-data: onnx\/model\.onnx names external data "model\.onnx_data" of 100 bytes but reads 4288 \(an incomplete copy\?\)$/,
        ) as unknown,
      },
    });
    expect(existsSync(path.join(work, 'data', 'models', 'local', 'lost-data'))).toBe(false);
  });
});
