/**
 * `secrets:*`: set, clear and test provider keys, and say which are configured. Validation
 * already happened in `dispatch`. No response carries a key: a status holds at most its last
 * four characters, and a test's message and URL went through the transport's redaction.
 */
import { performance } from 'node:perf_hooks';
import type { Handler } from '../../shared/contract/dispatch';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { credentialInfo } from '../../shared/providers/credentials';
import { isLlmProvider } from '../../shared/providers/llm-catalog';
import { fail, ok } from '../../shared/util/result';
import { BatchFailure, prepareBatch, runBatch } from '../providers/call';
import { resolveCall } from '../providers/resolve';
import { KeychainError } from '../secrets/keychain';
import { testLlmKey } from './llm-key-test';
import type { SecretStore } from '../secrets/secret-store';
import type { Transport } from '../transport/types';

export interface SecretsHandlerDeps {
  secrets: SecretStore;
  transport: Transport;
  env: Readonly<Record<string, string | undefined>>;
}

/** A key test waits no longer than this, whatever the provider's timeouts say. */
const TEST_TIMEOUT_MS = 30_000;

export function createSecretsHandlers({ secrets, transport, env }: SecretsHandlerDeps): {
  'secrets:status': Handler<'secrets:status'>;
  'secrets:set': Handler<'secrets:set'>;
  'secrets:clear': Handler<'secrets:clear'>;
  'secrets:test': Handler<'secrets:test'>;
} {
  return {
    async 'secrets:status'() {
      return ok(await secrets.status());
    },
    async 'secrets:set'(request) {
      return ok(await secrets.set(request));
    },
    async 'secrets:clear'(request) {
      try {
        return ok(await secrets.clear(request.provider));
      } catch (error) {
        if (!(error instanceof KeychainError)) throw error;
        const label = credentialInfo(request.provider).label;
        return fail('upstream', `could not remove the key for ${label}: ${error.message}`);
      }
    },

    /** One minimal real request: the query "test" against one document, no retries. */
    async 'secrets:test'({ provider, baseUrl, model, params }) {
      const started = performance.now();
      const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
      if (isLlmProvider(provider)) {
        const outcome = await testLlmKey(secrets, transport, { provider, baseUrl, model });
        return ok({ provider, ...outcome, latencyMs: elapsed() });
      }
      const config: PipelineConfig = {
        version: 1,
        name: 'key test',
        strategy: 'dedicated-model',
        provider,
        ...(baseUrl ? { baseUrl } : {}),
        ...(model ? { model } : {}),
        params: { ...params, maxRetries: 0 },
      };
      const resolved = await resolveCall(config, secrets, env);
      if (!resolved.ok) {
        return ok({ provider, ok: false, message: resolved.error.message, latencyMs: elapsed() });
      }
      const batch = prepareBatch(resolved.value, {
        query: 'test',
        documents: [{ index: 0, text: 'test' }],
      });
      try {
        const outcome = await runBatch(
          transport,
          resolved.value,
          batch,
          AbortSignal.timeout(TEST_TIMEOUT_MS),
        );
        const last = outcome.wire.at(-1);
        return ok({
          provider,
          ok: true,
          ...(last?.status !== undefined ? { status: last.status } : {}),
          message: `${credentialInfo(provider).label} accepted the key`,
          latencyMs: elapsed(),
          ...(last ? { url: last.url } : {}),
        });
      } catch (error) {
        if (!(error instanceof BatchFailure)) throw error;
        const last = error.wire.at(-1);
        return ok({
          provider,
          ok: false,
          ...(last?.status !== undefined ? { status: last.status } : {}),
          message: error.message,
          latencyMs: elapsed(),
          ...(last ? { url: last.url } : {}),
        });
      }
    },
  };
}
