/**
 * Every export target, one pure function each: a pipeline config (and options) in, the
 * artefact's text or the reason it cannot be made out. The app's export dialog, the CLI's
 * `export` command and the `pipelines:export` operation all come through here.
 */
import type { PipelineConfig } from '../pipeline/config';
import { assertNever } from '../util/assert-never';
import { exportBifrost } from './bifrost';
import { exportCurl, exportPython, exportTypeScript } from './code';
import { exportCognipeer } from './cognipeer';
import { exportJson, exportYaml } from './config-files';
import { exportCompose, exportDockerfile, exportKubernetes } from './deploy';
import { exportAiSdk, exportLangChain } from './ecosystem';
import { exportElasticsearch } from './elasticsearch';
import { exportInfinity, exportTei, exportVllm } from './engines';
import { exportKong } from './kong';
import { exportLiteLlm } from './litellm';
import type { ExportOptions, ExportResult, ExportTarget } from './types';
import { unavailable, windowsNotExpressible } from './common';

export * from './types';
export { notOneProviderCall, requiredEnv } from './common';

/** Targets that carry the whole config, which `rerank-studio serve` runs as the app does. */
const CARRIES_THE_CONFIG = new Set<ExportTarget>([
  'json',
  'yaml',
  'dockerfile',
  'compose',
  'kubernetes',
  // These call `rerank-studio serve` for a config with windows (ecosystem.ts).
  'ai-sdk',
  'langchain',
]);

export function exportPipeline(
  config: PipelineConfig,
  target: ExportTarget,
  options: ExportOptions = {},
): ExportResult {
  if (!CARRIES_THE_CONFIG.has(target)) {
    const reason = windowsNotExpressible(config);
    if (reason) return unavailable(target, reason);
  }
  switch (target) {
    case 'json':
      return exportJson(config);
    case 'yaml':
      return exportYaml(config);
    case 'curl':
      return exportCurl(config, options);
    case 'typescript':
      return exportTypeScript(config, options);
    case 'python':
      return exportPython(config, options);
    case 'ai-sdk':
      return exportAiSdk(config, options);
    case 'langchain':
      return exportLangChain(config, options);
    case 'litellm':
      return exportLiteLlm(config);
    case 'kong':
      return exportKong(config);
    case 'bifrost':
      return exportBifrost(config, options.sample);
    case 'cognipeer':
      return exportCognipeer(config);
    case 'vllm':
      return exportVllm(config);
    case 'tei':
      return exportTei(config);
    case 'infinity':
      return exportInfinity(config);
    case 'elasticsearch':
      return exportElasticsearch(config, options);
    case 'dockerfile':
      return exportDockerfile(config, options);
    case 'compose':
      return exportCompose(config, options);
    case 'kubernetes':
      return exportKubernetes(config, options);
    default:
      return assertNever(target, 'export target');
  }
}
