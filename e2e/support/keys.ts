/**
 * Keeping e2e keys apart: every test's host gets its own keychain service, so no test reads or
 * writes the real `rerank-studio` entries or another test's, and keys a test stored are removed
 * again even when it fails half-way (a real keychain outlives the host).
 */
import { randomBytes } from 'node:crypto';
import type { KeyProvider } from '../../shared/providers/credentials';
import type { HostInfo } from '../pages/app-page';

/** Random hex, for keys and service names no other run uses. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Environment for a host with a keychain service of its own. */
export function isolatedKeychainEnv(): Record<string, string> {
  return { RERANK_STUDIO_KEYCHAIN_SERVICE: `rerank-studio-e2e-${randomHex(6)}` };
}

/** CI sets this where a Secret Service runs; the panel must then report the keychain. */
export const expectKeychain = process.env.RERANK_STUDIO_EXPECT_KEYCHAIN === 'available';

/**
 * Removes what the app stored for these providers, through the web host's API. The desktop
 * app has no HTTP door; there, the specs' own Remove steps are the cleanup.
 */
export async function forgetKeys(host: HostInfo, providers: KeyProvider[]): Promise<void> {
  if (host.kind !== 'web') return;
  for (const provider of providers) {
    // Best effort: a host that is already gone has nothing left in memory, and a failed
    // cleanup must not hide the test's own outcome.
    await fetch(`${host.origin}/api/secrets:clear`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ provider }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
  }
}
