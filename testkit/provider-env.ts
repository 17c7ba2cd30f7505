/**
 * Environment for a host that talks to the provider simulator: every provider's key variable
 * set to the simulator's default credential. Used by integration tests, e2e and benchmarks.
 */
import { PROVIDER_CATALOG, RERANK_PROVIDERS } from '../shared/providers/catalog';

export const SIM_AWS = {
  accessKeyId: 'AKIDSIMULATOR',
  secretAccessKey: 'sim-aws-secret',
  region: 'us-east-1',
};

export function simulatorEnv(): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: SIM_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SIM_AWS.secretAccessKey,
    AWS_REGION: SIM_AWS.region,
  };
  for (const provider of RERANK_PROVIDERS) {
    const name = PROVIDER_CATALOG[provider].keyEnv[0];
    if (provider !== 'bedrock' && name) env[name] = `sim-${provider}-key`;
  }
  return env;
}
