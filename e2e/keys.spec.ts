/**
 * The Keys panel: a key set there ranks a provider column (the host reads it from the keychain,
 * or from its memory when there is none), Test calls the column's endpoint with it, Remove takes
 * it away, and input the shared check refuses is refused in the panel with the host's words.
 */
import { KEY_PROVIDERS } from '../shared/providers/credentials';
import {
  simulatedLogit,
  startProviderSimulator,
  type ProviderSimulator,
} from '../testkit/provider-simulator';
import { checkKeyInput } from '../shared/secrets/keys';
import { expect, hostKind, test } from './fixtures';
import { openWebHost } from './pages/app-page';
import type { StorageKind } from './pages/keys-panel';
import { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from './sample';
import { expectKeychain, forgetKeys, isolatedKeychainEnv, randomHex } from './support/keys';
import { startWebHostProcess } from './support/scripts';

const STATUS_WORDS: Record<StorageKind, string> = {
  keychain: 'Keychain',
  session: 'This session only',
};

/** The simulator's ranking of the sample (what a Cohere column must show). */
const EXPECTED = SAMPLE_DOCUMENTS.map((d, i) => ({ i, s: simulatedLogit(SAMPLE_QUERY, d) }))
  .sort((a, b) => b.s - a.s)
  .map((x) => x.i);

/** The shared check's message for this input: what the panel and every host say. */
function refusal(input: Record<string, string>): string {
  const checked = checkKeyInput(input);
  if (checked.ok) throw new Error('expected the shared check to refuse this input');
  return checked.error.message;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let simulator: ProviderSimulator;
let key: string;
test.beforeEach(async () => {
  key = `rk-e2e-${randomHex(12)}`;
  simulator = await startProviderSimulator({ keys: { cohere: key } });
});
test.afterEach(async ({ app }) => {
  await forgetKeys(app.host, ['cohere', 'bedrock']);
  await simulator.close();
});

test.describe('with the keychain the host finds', () => {
  // A fixture, so every test's host gets a service of its own.
  // eslint-disable-next-line no-empty-pattern
  test.use({ hostEnv: async ({}, use) => use(isolatedKeychainEnv()) });

  test('a key set in the panel ranks a Cohere column, tests OK, and Remove takes it away', async ({
    app,
  }) => {
    const { keys } = app;
    await keys.open();
    const kind = await keys.storageKind();
    if (expectKeychain) expect(kind).toBe('keychain');
    await expect(keys.rows).toHaveCount(KEY_PROVIDERS.length);
    const cohere = keys.row('cohere');
    await expect(cohere.status).toHaveText('Not set');
    await expect(cohere.removeButton).toHaveCount(0);

    await cohere.setButton.click();
    const input = cohere.field('API key');
    await expect(input).toBeFocused();
    await expect(input).toHaveAttribute('type', 'password');
    await expect(input).toHaveAttribute('autocomplete', 'off');
    await input.fill(key);
    await cohere.saveButton.click();
    await expect(cohere.form).toBeHidden();
    await expect(cohere.status).toHaveText(`${STATUS_WORDS[kind]} ••••${key.slice(-4)}`);
    await expect(cohere.replaceButton).toBeFocused();
    await expect(cohere.removeButton).toBeVisible();
    await keys.close();

    const column = app.column(2);
    await column.configureProvider({
      provider: 'cohere',
      baseUrl: simulator.baseUrl('cohere'),
      params: { maxRetries: 0 },
    });
    await app.run();
    await column.expectRanking(EXPECTED);
    expect(simulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${key}`);

    // Test calls the column's endpoint once, with the stored key, and says which URL.
    await keys.open();
    const sent = simulator.requests.length;
    await cohere.testButton.click();
    const url = `${simulator.baseUrl('cohere')}/v2/rerank`;
    await expect(cohere.testResult).toHaveText(
      new RegExp(`^OK · 200 · \\d+ ms · ${escapeRegExp(url)}$`),
    );
    await expect(cohere.region).toContainText('model and parameters of Column 2');
    expect(simulator.requests).toHaveLength(sent + 1);
    expect(simulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${key}`);

    await cohere.removeButton.click();
    await expect(cohere.status).toHaveText('Not set');
    await expect(cohere.removeButton).toHaveCount(0);
    await expect(cohere.testResult).toHaveCount(0);
    await keys.close();
    await app.run();
    await expect(column.error).toHaveText(/^No API key for cohere/);
    expect(simulator.requests).toHaveLength(sent + 1);
  });

  test('a key set in the panel is there after a restart, from the keychain', async ({
    app,
    hostEnv,
    browser,
  }) => {
    test.skip(hostKind !== 'web' || !expectKeychain, 'needs the web host and a keychain');
    await app.keys.open();
    await app.keys.row('cohere').setKey(key);
    // Another host process: nothing of the first one's memory, only the keychain they share.
    const restarted = await startWebHostProcess(hostEnv);
    const page = await browser.newPage();
    try {
      const again = await openWebHost(page, restarted);
      await again.keys.open();
      await expect(again.keys.row('cohere').status).toHaveText(`Keychain ••••${key.slice(-4)}`);
      await again.keys.close();
      await again.column(2).configureProvider({
        provider: 'cohere',
        baseUrl: simulator.baseUrl('cohere'),
      });
      await again.run();
      await again.column(2).expectRanking(EXPECTED);
    } finally {
      await page.close();
      await restarted.stop();
    }
  });

  test('a wrong key tests as the provider refusing it, with its status', async ({ app }) => {
    const cohere = app.keys.row('cohere');
    await app.keys.open();
    await cohere.setButton.click();
    await cohere.field('API key').fill(`rk-wrong-${randomHex(8)}`);
    await cohere.saveButton.click();
    await expect(cohere.replaceButton).toBeVisible();
    await app.keys.close();
    await app.column(2).configureProvider({
      provider: 'cohere',
      baseUrl: simulator.baseUrl('cohere'),
    });
    await app.keys.open();
    await cohere.testButton.click();
    await expect(cohere.testResult).toContainText(/^Failed · 401 · \d+ ms · http:\/\/127\.0\.0\.1/);
    await expect(cohere.testResult).toContainText('invalid api token');
  });

  test('refused input gets the shared message by its field; nothing else typed is lost', async ({
    app,
  }) => {
    const setRequests: string[] = [];
    app.page.on('request', (request) => {
      if (request.url().endsWith('/api/secrets:set')) setRequests.push(request.url());
    });
    await app.query.fill('my own query');
    const { keys } = app;
    await keys.open();
    const bedrock = keys.row('bedrock');
    await bedrock.setButton.click();
    await expect(bedrock.field('Access key ID')).toBeVisible();
    await expect(bedrock.field('Secret access key')).toBeVisible();
    await expect(bedrock.field('Session token')).toBeVisible();
    await bedrock.field('Access key ID').fill('AKIAEXAMPLE12345678');

    const cohere = keys.row('cohere');
    await cohere.setButton.click();
    const input = cohere.field('API key');
    await cohere.saveButton.click();
    const empty = refusal({ provider: 'cohere', key: '' });
    expect(empty).toBe('the API key for Cohere is empty');
    await expect(cohere.formError).toHaveText(empty);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription(empty);
    await expect(input).toBeFocused();

    await input.fill('abc def-12345678');
    await expect(cohere.formError).toHaveCount(0);
    await cohere.saveButton.click();
    await expect(cohere.formError).toHaveText(
      refusal({ provider: 'cohere', key: 'abc def-12345678' }),
    );
    // Emptied even though it was refused.
    await expect(input).toHaveValue('');
    await expect(cohere.status).toHaveText('Not set');

    // The other open form and the editor kept what was typed in them.
    await expect(bedrock.field('Access key ID')).toHaveValue('AKIAEXAMPLE12345678');
    await bedrock.saveButton.click();
    const missingSecret = refusal({ provider: 'bedrock', accessKeyId: 'AKIAEXAMPLE12345678' });
    await expect(bedrock.field('Secret access key')).toHaveAccessibleDescription(missingSecret);
    await expect(bedrock.field('Access key ID')).not.toHaveAttribute('aria-invalid');
    await expect(bedrock.status).toHaveText('Not set');
    await keys.close();
    await expect(app.query).toHaveValue('my own query');
    if (hostKind === 'web') expect(setRequests).toEqual([]);
  });
});

test.describe('without a keychain', () => {
  test.use({ hostEnv: { RERANK_STUDIO_KEYCHAIN: 'off', JINA_API_KEY: 'env-jina-key-9876' } });

  test('the panel warns that keys last for this session only', async ({ app }) => {
    const { keys } = app;
    await keys.open();
    await expect(keys.storage).toContainText(
      'Keys are held for this session only and are not saved.',
    );
    // The host's reason follows the warning.
    await expect(keys.storage).toContainText(/Why: \S.*\.$/);
    expect(await keys.storageKind()).toBe('session');

    // A key from the environment is shown but cannot be removed here.
    const jina = keys.row('jina');
    await expect(jina.status).toHaveText('Environment ••••9876');
    await expect(jina.removeButton).toHaveCount(0);
    await expect(jina.replaceButton).toBeVisible();

    const cohere = keys.row('cohere');
    await cohere.setKey(key);
    await expect(cohere.status).toHaveText(`This session only ••••${key.slice(-4)}`);

    // Esc closes the dialog and focus goes back to the Keys button.
    await app.page.keyboard.press('Escape');
    await expect(keys.dialog).toBeHidden();
    await expect(keys.openButton).toBeFocused();
  });
});
