/** The pipeline config itself, as JSON or YAML: what `serve`, `rerank --config` and import read. */
import type { PipelineConfig } from '../pipeline/config';
import { PIPELINE_CONFIG_SCHEMA_ID } from '../pipeline/json-schema';
import { withKey, yamlWithHeader } from './common';
import type { ExportResult } from './types';

export function exportJson(config: PipelineConfig): ExportResult {
  const exported = withKey(config);
  return {
    target: 'json',
    ok: true,
    text: `${JSON.stringify(exported, null, 2)}\n`,
    fileName: `${exported.key}.rerank.json`,
    language: 'json',
  };
}

export function exportYaml(config: PipelineConfig): ExportResult {
  const exported = withKey(config);
  return {
    target: 'yaml',
    ok: true,
    // The modeline lets YAML-aware editors check the file against the published schema.
    text: yamlWithHeader([`yaml-language-server: $schema=${PIPELINE_CONFIG_SCHEMA_ID}`], exported),
    fileName: `${exported.key}.rerank.yaml`,
    language: 'yaml',
  };
}
