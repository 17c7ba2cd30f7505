/**
 * The one auth description (shared/providers/auth.ts) is what every consumer acts on: for each
 * provider, the credential the simulator received is where `describeAuth` says, and the run's
 * "Copy as curl" writes it exactly as the curl export does.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE, exportPipeline } from '../../shared/export';
import { curlAuthFor } from '../../shared/providers/auth';
import { RERANK_PROVIDERS } from '../../shared/providers/catalog';
import { buildProviderRequest } from '../export/provider-request';
import { SIM_AWS } from '../../testkit/provider-env';
import {
  column,
  env,
  providerConfig,
  sim,
  useSimulatorHarness,
} from '../../testkit/harness/dedicated-model';

useSimulatorHarness();

describe('a run and the exports send the credential the same way', () => {
  it.each(RERANK_PROVIDERS)('%s', async (provider) => {
    const config = providerConfig(provider);
    const built = buildProviderRequest(config, DEFAULT_SAMPLE, env);
    if (!built.ok) throw new Error(built.error.message);
    const { auth } = built.value;

    const result = await column(config);
    expect(result.status).toBe('ok');
    const received = sim.requests[0]!.headers;
    if (auth.kind === 'sigv4') {
      const scope = `${SIM_AWS.accessKeyId}/\\d{8}/${auth.region}/${auth.service}/aws4_request`;
      expect(received.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${scope}`));
    } else if (auth.kind === 'header') {
      expect(received[auth.header.toLowerCase()]).toBe(`${auth.prefix}${env[auth.env]}`);
    } else {
      throw new Error(`${provider}: a provider request always describes its auth`);
    }

    const wire = result.wire![0]!;
    expect(wire.curlAuth).toEqual(curlAuthFor(auth));
    const exported = exportPipeline(config, 'curl', { request: built.value });
    if (!exported.ok) throw new Error(exported.reason);
    const line =
      auth.kind === 'sigv4'
        ? `--aws-sigv4 'aws:amz:${auth.region}:${auth.service}'`
        : `-H "${auth.header}: ${auth.prefix}$${auth.env}"`;
    expect(exported.text).toContain(line);
  });
});
