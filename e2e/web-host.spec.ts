import { expect, hostKind, test } from './fixtures';

test.skip(hostKind === 'electron', 'the token guards the web host; Electron uses IPC');

test('the API refuses requests without the launch token', async ({ app, request }) => {
  if (app.host.kind !== 'web') throw new Error('web host expected');
  const { origin, token, dataDir } = app.host;
  const url = `${origin}/api/app:info`;

  const anonymous = await request.post(url, { data: {} });
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

  const wrongToken = await request.post(url, {
    data: {},
    headers: { Authorization: `Bearer ${token}x` },
  });
  expect(wrongToken.status()).toBe(401);

  const allowed = await request.post(url, {
    data: {},
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(allowed.status()).toBe(200);
  // Each test has its own data folder.
  expect(await allowed.json()).toMatchObject({
    ok: true,
    value: { name: expect.any(String) as unknown, host: 'web', dataDir },
  });
});
