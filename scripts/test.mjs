// `npm test`: every suite, then one line `N passed, N failed` over all of them.
//
// Static checks (typecheck, lint, format) count as one test each; then the build that the CLI
// and e2e tests exercise, and the Electronegativity scan of it (one test); then Vitest (unit + integration) and Playwright (e2e), read from their
// JSON reports. Exits non-zero if anything failed or a runner produced no report.
//
// The test runners run inside a private D-Bus session with its own GNOME Keyring and a
// throwaway HOME (ARCHITECTURE.md's recipe), so keychain tests use a real Secret Service and
// never touch the developer's own keychain. The keychain suite then runs once more with no
// D-Bus at all, to prove the session-only fallback.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const results = { passed: 0, failed: 0 };
const problems = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n── ${label} ──\n`);
  // Windows runs npm and the test runners' .bin shims as .cmd files, which only a shell starts
  // (Node refuses to spawn them directly since its April 2024 security release).
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return result.status === 0;
}

const onPath = (name) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, name)));
const keyringHome = mkdtempSync(path.join(tmpdir(), 'rerank-studio-test-home-'));
// The private D-Bus session with GNOME Keyring is Linux's Secret Service. On macOS and Windows
// (the release workflow's runners) the OS keychain, Keychain Services or Credential Manager,
// belongs to the logged-in account: the suites use it as they find it, under throwaway service
// names (`rerank-studio-test-…`), and the rerun without D-Bus, which proves Linux's
// session-only fallback, does not apply there.
const linux = process.platform === 'linux';
const hasKeyring = !linux || (onPath('dbus-run-session') && onPath('gnome-keyring-daemon'));

/** Runs a test runner inside the private keyring session (or says why it cannot). */
function runWithKeyring(label, command, args) {
  if (!linux || !hasKeyring) {
    return run(label, command, args, { RERANK_STUDIO_EXPECT_KEYCHAIN: 'available' });
  }
  const script =
    'echo -n rerank-studio-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
  return run(label, 'dbus-run-session', ['--', 'sh', '-c', script, 'sh', command, ...args], {
    HOME: keyringHome,
    RERANK_STUDIO_EXPECT_KEYCHAIN: 'available',
  });
}
if (!hasKeyring) {
  results.failed += 1;
  problems.push(
    'keychain: dbus-run-session and gnome-keyring-daemon are needed (apt-get install -y dbus-daemon gnome-keyring)',
  );
}

function check(label, command, args) {
  if (run(label, command, args)) results.passed += 1;
  else {
    results.failed += 1;
    problems.push(label);
  }
}

function readReport(file, label) {
  if (!existsSync(file)) {
    results.failed += 1;
    problems.push(`${label}: no report (the runner crashed or did not start)`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

const bin = (name) =>
  process.platform === 'win32' ? `node_modules\\.bin\\${name}.cmd` : `node_modules/.bin/${name}`;
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', bin('eslint'), ['.']);
check('format', bin('prettier'), ['--check', '.']);
if (!run('build', 'npm', ['run', '--silent', 'build'])) {
  results.failed += 1;
  problems.push('build');
}
// Electronegativity over the window's configuration and the built page's CSP (one test).
check('security scan (Electronegativity)', 'node', ['scripts/electronegativity.mjs']);

runWithKeyring('unit and integration tests (Vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
]);
/**
 * Adds a Vitest report to the totals. A test file that crashed (an error while loading it or in
 * its hooks, a worker that died) has tests that never ran: it counts as one failure, and so
 * does an unhandled error, so "0 failed" can only mean every file ran to the end.
 */
function countVitest(report, label) {
  results.passed += report.numPassedTests;
  const brokenFiles = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  let failed = report.numFailedTests + brokenFiles.length;
  if (!report.success && failed === 0) failed = 1; // an error outside any test file
  results.failed += failed;
  if (failed > 0) {
    const files = brokenFiles.map((file) => path.relative(process.cwd(), file.name));
    problems.push(
      `${label}: ${report.numFailedTests} failed` +
        (files.length > 0 ? `, test files that did not finish: ${files.join(', ')}` : '') +
        (!report.success && report.numFailedTests + files.length === 0
          ? ', an unhandled error'
          : ''),
    );
  }
}

const unit = readReport('test-results/unit.json', 'vitest');
if (unit) countVitest(unit, 'vitest');

const withoutDbus = { ...process.env };
delete withoutDbus.DBUS_SESSION_BUS_ADDRESS;
if (linux) {
  process.stdout.write('\n── the keychain suite again, with no D-Bus session ──\n');
  spawnSync(
    bin('vitest'),
    [
      'run',
      'electron/secrets/keychain.test.ts',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/unit-no-keychain.json',
    ],
    {
      stdio: 'inherit',
      env: { ...withoutDbus, HOME: keyringHome, RERANK_STUDIO_EXPECT_KEYCHAIN: 'unavailable' },
    },
  );
  const noKeychain = readReport('test-results/unit-no-keychain.json', 'vitest without a keychain');
  if (noKeychain) countVitest(noKeychain, 'vitest without a keychain');
}

runWithKeyring('end-to-end tests (Playwright)', bin('playwright'), ['test']);
const e2e = readReport('test-results/e2e.json', 'playwright');
if (e2e) {
  const { expected = 0, unexpected = 0, flaky = 0 } = e2e.stats ?? {};
  results.passed += expected;
  results.failed += unexpected + flaky;
  if (unexpected + flaky > 0) problems.push(`playwright: ${unexpected} failed, ${flaky} flaky`);
  if ((e2e.errors ?? []).length > 0) {
    results.failed += 1;
    problems.push(`playwright: ${e2e.errors.length} error(s) outside tests`);
  }
}

rmSync(keyringHome, { recursive: true, force: true });
if (problems.length > 0) process.stdout.write(`\nFailures: ${problems.join('; ')}\n`);
process.stdout.write(`\n${results.passed} passed, ${results.failed} failed\n`);
process.exitCode = results.failed > 0 || problems.length > 0 ? 1 : 0;
