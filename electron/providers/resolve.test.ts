/**
 * What a config must say before a provider is called: a key, valid parameters, a model and a
 * base URL where the provider needs them. End to end through the contract against the
 * simulator, which proves no request went out.
 */
import { describe, expect, it } from 'vitest';
import { createServices } from '../composition/compose';
import {
  column,
  providerConfig,
  run,
  sim,
  useSimulatorHarness,
} from '../../testkit/harness/dedicated-model';
import { freshDataDir } from '../../testkit/temp-dir';

useSimulatorHarness();

describe('failures', () => {
  it('needs a key before any request: "No API key for <provider>"', async () => {
    const keyless = createServices({ host: 'test', dataDir: freshDataDir(), env: {} });
    try {
      const result = (
        await run(
          [providerConfig('cohere'), { version: 1, name: 'bm25', strategy: 'heuristic' }],
          {},
          keyless,
        )
      ).columns;
      expect(result[0]).toMatchObject({
        status: 'error',
        error: { message: expect.stringMatching(/^No API key for cohere/) as unknown },
      });
      expect(result[1]!.status).toBe('ok');
      expect(sim.requests).toHaveLength(0);
    } finally {
      await keyless.close();
    }
  });

  it('names bad provider parameters and missing settings', async () => {
    expect(
      (await column(providerConfig('cohere', { params: { apiVersion: 'v3' } }))).error!.message,
    ).toMatch(/^Cohere: params\.apiVersion/);
    expect((await column({ ...providerConfig('vertex'), params: {} })).error!.message).toBe(
      'Google Vertex AI Ranking: params.project: Invalid input: expected string, received undefined',
    );
    expect(
      (await column({ ...providerConfig('cohere-compatible'), model: undefined })).error!.message,
    ).toBe('model is required for Cohere-compatible endpoint');
    expect((await column({ ...providerConfig('azure'), baseUrl: undefined })).error!.message).toBe(
      'baseUrl is required for Azure AI Foundry (Cohere)',
    );
    expect(
      (await column({ version: 1, name: 'x', strategy: 'dedicated-model' })).error!.message,
    ).toMatch(/^a dedicated-model config needs a provider/);
    expect(sim.requests).toHaveLength(0);
  });
});
