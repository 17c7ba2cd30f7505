// Electronegativity (Doyensec's scanner for Electron misconfigurations) over the code that
// configures and talks to the window: electron/main, electron/preload, electron/platform and the
// built index.html with its CSP. Fails on any MEDIUM or HIGH finding that is not reviewed in
// security/electronegativity.json, and on a reviewed entry that no longer matches a finding.
//
// AvailableSecurityFixesGlobalCheck is left out: it downloads Electron's release list, and
// these machines have no network. `npm outdated electron` answers the same question.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');

/**
 * Scans a folder with Electronegativity (network check left out) and returns its findings:
 * `{ id, severity: 'LOW' | 'MEDIUM' | 'HIGH' | …, file, line }`.
 */
export async function scanElectron(input, electronVersion) {
  // The scanner prints a notice when it cannot fetch translations; keep the output to findings.
  const log = console.log;
  console.log = () => {};
  let result;
  try {
    result = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
  } finally {
    console.log = log;
  }
  if (result.errors.length > 0) {
    throw new Error(`Electronegativity could not parse: ${JSON.stringify(result.errors)}`);
  }
  return {
    checks: result.globalChecks + result.atomicChecks,
    findings: result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      serious: issue.severity.value >= 2,
      file: issue.file,
      line: issue.location.line,
    })),
  };
}

async function main() {
  if (!existsSync('out/renderer/index.html'))
    throw new Error('build the renderer first: npm run build');
  const electronVersion = JSON.parse(
    readFileSync('node_modules/electron/package.json', 'utf8'),
  ).version;
  const reviewed = JSON.parse(readFileSync('security/electronegativity.json', 'utf8')).reviewed;
  const stage = mkdtempSync(path.join(tmpdir(), 'rerank-studio-electronegativity-'));
  try {
    for (const dir of ['electron/main', 'electron/preload', 'electron/platform']) {
      cpSync(dir, path.join(stage, dir), {
        recursive: true,
        filter: (f) => !f.endsWith('.test.ts'),
      });
    }
    cpSync('out/renderer/index.html', path.join(stage, 'renderer/index.html'));
    const { checks, findings } = await scanElectron(stage, electronVersion);
    const explained = (finding) =>
      reviewed.find((entry) => entry.check === finding.id && entry.file === finding.file);
    const unexplained = findings.filter((finding) => finding.serious && !explained(finding));
    const stale = reviewed.filter(
      (entry) => !findings.some((f) => f.serious && f.id === entry.check && f.file === entry.file),
    );
    const version = require('@doyensec/electronegativity/package.json').version;
    console.log(`Electronegativity ${version} for Electron ${electronVersion}: ${checks} checks`);
    for (const finding of findings) {
      const mark = finding.serious ? (explained(finding) ? 'reviewed' : 'UNEXPLAINED') : 'low';
      console.log(
        `  ${mark.padEnd(11)} ${finding.severity.padEnd(6)} ${finding.id} ${finding.file}:${finding.line}`,
      );
    }
    for (const entry of stale) {
      console.log(`  STALE       ${entry.check} ${entry.file}: no longer found; remove the entry`);
    }
    if (unexplained.length > 0 || stale.length > 0) process.exitCode = 1;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
