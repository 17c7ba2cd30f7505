/**
 * Golden files: every case through every target, compared with the files in `golden/`
 * (`<case>.<target>.golden`, and `<case>.unavailable.golden` for the reasons). After a
 * deliberate change, rewrite them with `npx vitest run shared/export --update` and review the
 * diff. Besides matching, each artefact must be valid of its kind.
 */
import ts from 'typescript';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importPipelineConfigText } from '../pipeline/import-text';
import { EXPORT_CASES, EXPORT_REQUESTS, SAMPLE, type ExportCase } from './fixtures';
import { EXPORT_TARGETS, exportPipeline, type ExportResult } from './index';

const CASES = Object.keys(EXPORT_CASES) as ExportCase[];

function exportsOf(name: ExportCase): ExportResult[] {
  const request = EXPORT_REQUESTS[name];
  return EXPORT_TARGETS.map((target) =>
    exportPipeline(EXPORT_CASES[name], target, { sample: SAMPLE, ...(request ? { request } : {}) }),
  );
}

function checkValid(result: Extract<ExportResult, { ok: true }>) {
  switch (result.language) {
    case 'json':
      expect(() => JSON.parse(result.text) as unknown).not.toThrow();
      break;
    case 'yaml':
      for (const doc of parseAllDocuments(result.text)) expect(doc.errors).toEqual([]);
      break;
    case 'typescript': {
      const out = ts.transpileModule(result.text, {
        reportDiagnostics: true,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      });
      expect(
        out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      ).toEqual([]);
      break;
    }
    default:
      expect(result.text.endsWith('\n')).toBe(true);
  }
  expect(result.text).not.toMatch(/sk-|api_key:\s*[A-Za-z0-9]{12}/);
}

describe.each(CASES)('exporting the %s pipeline', (name) => {
  const results = exportsOf(name);

  it.each(results.filter((r) => r.ok).map((r) => [r.target, r] as const))(
    'to %s matches its golden file and is valid',
    async (target, result) => {
      if (!result.ok) return;
      checkValid(result);
      await expect(result.text).toMatchFileSnapshot(`golden/${name}.${target}.golden`);
    },
  );

  it('says why each other target is not available', async () => {
    const reasons = results
      .filter((r) => !r.ok)
      .map((r) => (r.ok ? '' : `${r.target}: ${r.reason}`))
      .join('\n');
    for (const r of results) if (!r.ok) expect(r.reason).toMatch(/^Not exportable to .+: .+\.$/);
    await expect(`${reasons}\n`).toMatchFileSnapshot(`golden/${name}.unavailable.golden`);
  });

  it('exports JSON and YAML that import back to the same config, key written out', () => {
    const json = exportPipeline(EXPORT_CASES[name], 'json');
    const yaml = exportPipeline(EXPORT_CASES[name], 'yaml');
    if (!json.ok || !yaml.ok) throw new Error('the config targets always export');
    const config = parseYaml(json.text) as Record<string, unknown>;
    expect(config.key).toMatch(/^[a-z0-9-]+$/);
    for (const text of [json.text, yaml.text]) {
      const back = importPipelineConfigText(text);
      expect(back.ok && back.value).toEqual(config);
    }
  });
});
