import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { createServices, type Services } from '../composition/compose';
import { startChatSimulator, type ChatSimulator } from '../../testkit/llm-simulator';
import { freshDataDir } from '../../testkit/temp-dir';

const KEY = 'sk-ant-keytest-0123456789-WXYZ';
let sim: ChatSimulator;
let services: Services;
beforeAll(async () => {
  sim = await startChatSimulator({ respond: () => 'OK', keys: { anthropic: KEY } });
  services = createServices({ host: 'test', dataDir: freshDataDir(), env: {} });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});

const test = (baseUrl: string) =>
  dispatch(services.handlers, 'secrets:test', {
    provider: 'anthropic',
    baseUrl,
    model: 'claude-sim',
  });

describe('secrets:test for an LLM backend', () => {
  it('says which key is missing, then tests a key set for the session with one tiny call', async () => {
    const missing = await test(sim.anthropicBaseUrl);
    expect(missing).toMatchObject({
      ok: true,
      value: {
        ok: false,
        message: expect.stringMatching(
          /^No API key for anthropic: set ANTHROPIC_API_KEY/,
        ) as unknown,
      },
    });
    expect(sim.requests).toHaveLength(0);

    await dispatch(services.handlers, 'secrets:set', {
      provider: 'anthropic',
      key: 'sk-ant-wrong-key-000',
    });
    const refused = await test(sim.anthropicBaseUrl);
    expect(refused).toMatchObject({ ok: true, value: { ok: false, status: 401 } });

    await dispatch(services.handlers, 'secrets:set', { provider: 'anthropic', key: KEY });
    const accepted = await test(sim.anthropicBaseUrl);
    expect(accepted).toMatchObject({
      ok: true,
      value: { ok: true, status: 200, message: 'Anthropic accepted the key (model claude-sim)' },
    });
    expect((sim.requests.at(-1)!.body as { max_tokens: number }).max_tokens).toBe(5);
    expect(JSON.stringify(accepted)).not.toContain(KEY);
  });
});
