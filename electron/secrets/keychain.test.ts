/**
 * The OS keychain for real: keytar against the Secret Service of this machine. `npm test` runs
 * this file twice and says which to expect: once inside a private D-Bus session with GNOME
 * Keyring (`RERANK_STUDIO_EXPECT_KEYCHAIN=available`), once with no D-Bus at all (`unavailable`).
 * Run on its own without that variable, it skips: it cannot know what the machine should have.
 *
 * "Read back in a new process" is the built CLI (`rerank-studio keys`), a separate Node
 * process using the same store, as a restarted app would.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { probeKeychain } from './keychain';
import { createSecretStore } from './secret-store';

const expectation = process.env.RERANK_STUDIO_EXPECT_KEYCHAIN;
const cli = path.resolve('out/node/cli.mjs');
const service = `rerank-studio-test-${randomBytes(4).toString('hex')}`;
const canary = () => `rk-CANARY-${randomBytes(8).toString('hex')}`;
const home = mkdtempSync(path.join(tmpdir(), 'rerank-studio-keychain-home-'));

/** The CLI in a new process, with this suite's keychain service and no provider keys. */
async function keysCli(args: string[], stdin?: string) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    RERANK_STUDIO_DATA_DIR: path.join(home, 'data'),
    RERANK_STUDIO_KEYCHAIN_SERVICE: service,
    ...(process.env.DBUS_SESSION_BUS_ADDRESS
      ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
      : {}),
  };
  const child = promisify(execFile)(process.execPath, [cli, 'keys', ...args], {
    env,
    timeout: 30_000,
  });
  if (stdin !== undefined) child.child.stdin?.end(stdin);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function statusInNewProcess() {
  const { code, stdout, stderr } = await keysCli(['status', '--json']);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout) as {
    storage: { kind: string };
    providers: { provider: string; configured: boolean; source?: string; last4?: string }[];
  };
}

/** Every file under a folder whose contents contain `text`. */
function filesContaining(folder: string, text: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).isFile() && readFileSync(file).includes(text));
}

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.runIf(expectation === 'available')('with the Secret Service', () => {
  const store = () => createSecretStore({ env: {}, keychain: { service } });

  it('finds a usable keychain', async () => {
    expect(await probeKeychain({ service })).toMatchObject({ ok: true });
  });

  it('stores a key that a new process reads back, lists it, and clears it', async () => {
    const key = canary();
    const { storage, status } = await store().set({ provider: 'cohere', key });
    expect(storage).toEqual({ kind: 'keychain' });
    expect(status).toEqual({
      provider: 'cohere',
      configured: true,
      source: 'keychain',
      last4: key.slice(-4),
    });

    const after = await statusInNewProcess();
    expect(after.storage.kind).toBe('keychain');
    expect(after.providers.filter((p) => p.configured)).toEqual([
      { provider: 'cohere', configured: true, source: 'keychain', last4: key.slice(-4) },
    ]);
    expect(JSON.stringify(after)).not.toContain(key);

    expect((await keysCli(['clear', 'cohere'])).code).toBe(0);
    expect(await store().credential('cohere')).toBeUndefined();
    expect(filesContaining(home, key)).toEqual([]);
  });

  it('stores a key given to `keys set` on standard input, and Bedrock’s three fields', async () => {
    const key = canary();
    const set = await keysCli(['set', 'voyage'], `${key}\n`);
    expect(set).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`••••${key.slice(-4)}`) as unknown,
    });
    expect(await store().credential('voyage')).toEqual({
      kind: 'api-key',
      key,
      source: 'keychain',
    });

    const bedrock = await keysCli(
      ['set', 'bedrock'],
      'AKIAEXAMPLE0001\nsecret-EXAMPLE\ntoken-EXAMPLE\n',
    );
    expect(bedrock.code).toBe(0);
    expect(await store().credential('bedrock')).toEqual({
      kind: 'aws',
      accessKeyId: 'AKIAEXAMPLE0001',
      secretAccessKey: 'secret-EXAMPLE',
      sessionToken: 'token-EXAMPLE',
      source: 'keychain',
    });
    // Replacing without a session token removes the old one.
    await store().set({
      provider: 'bedrock',
      accessKeyId: 'AKIAEXAMPLE0002',
      secretAccessKey: 'secret-2',
    });
    expect(await store().credential('bedrock')).not.toHaveProperty('sessionToken');
    await store().clear('bedrock');
    await store().clear('voyage');
    expect((await statusInNewProcess()).providers.filter((p) => p.configured)).toEqual([]);
  });
});

describe.runIf(expectation === 'unavailable')('without a keychain', () => {
  it('says keys are held for this session, keeps working, and writes nothing', async () => {
    const probe = await probeKeychain({ service });
    expect(probe.ok).toBe(false);
    const store = createSecretStore({ env: {}, keychain: { service } });
    const key = canary();
    const { storage, status } = await store.set({ provider: 'cohere', key });
    expect(storage.kind).toBe('session');
    expect(storage.detail).toMatch(/keychain/);
    expect(status.source).toBe('session');
    expect(await store.credential('cohere')).toMatchObject({ key });

    // Another process has no way to see it, and the CLI refuses to pretend it stored one.
    expect((await statusInNewProcess()).providers.filter((p) => p.configured)).toEqual([]);
    const refused = await keysCli(['set', 'cohere'], `${key}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/would be lost when this command exits; set COHERE_API_KEY/);
    expect(filesContaining(home, key)).toEqual([]);
  });
});

if (expectation === undefined) {
  it.skip('needs RERANK_STUDIO_EXPECT_KEYCHAIN=available|unavailable, which npm test sets', () => {});
} else if (expectation !== 'available' && expectation !== 'unavailable') {
  throw new Error(
    `RERANK_STUDIO_EXPECT_KEYCHAIN must be available or unavailable, not ${expectation}`,
  );
}
