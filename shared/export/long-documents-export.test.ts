/**
 * Exports of configs with `longDocuments`: carried by the config targets, called through the
 * server by the AI SDK and LangChain.js snippets, refused elsewhere.
 */
import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../pipeline/config';
import { parsePipelineConfig } from '../pipeline/config';
import { importPipelineConfigText } from '../pipeline/import-text';
import { EXPORT_CASES, EXPORT_REQUESTS, SAMPLE } from './fixtures';
import { EXPORT_TARGETS, exportPipeline } from './index';

const chunked: PipelineConfig = {
  ...(EXPORT_CASES.cohere as PipelineConfig),
  longDocuments: { mode: 'chunk', window: 256, overlap: 32, aggregate: 'mean-top-2' },
};
const options = { request: EXPORT_REQUESTS.cohere, sample: SAMPLE };

describe('exporting a config with longDocuments', () => {
  it('JSON and YAML keep it, and import back to the same config', () => {
    for (const target of ['json', 'yaml'] as const) {
      const result = exportPipeline(chunked, target, options);
      if (!result.ok) throw new Error(result.reason);
      const back = importPipelineConfigText(result.text);
      if (!back.ok) throw new Error(back.errors.map((e) => e.message).join('; '));
      expect(back.value).toMatchObject({ longDocuments: chunked.longDocuments });
    }
  });

  it('the deployments serve the config itself', () => {
    for (const target of ['dockerfile', 'compose', 'kubernetes'] as const) {
      expect(exportPipeline(chunked, target, options).ok).toBe(true);
    }
  });

  it('the AI SDK and LangChain.js snippets call the server, which runs the windows', () => {
    for (const target of ['ai-sdk', 'langchain'] as const) {
      const result = exportPipeline(chunked, target, options);
      if (!result.ok) throw new Error(result.reason);
      expect(result.text).toContain('rerank-studio serve --config cohere-v3-5.rerank.json');
      expect(result.text).toMatch(/longDocuments windows .* run inside Rerank Studio/);
      expect(result.text).not.toContain('api.cohere.com');
      // Without it, the same config goes to Cohere directly.
      const direct = exportPipeline(EXPORT_CASES.cohere, target, options);
      expect(direct.ok && direct.text).toContain('api.cohere.com');
    }
  });

  it('every target that sends whole documents says it cannot express the windows', () => {
    const refusing = EXPORT_TARGETS.filter(
      (t) =>
        !['json', 'yaml', 'dockerfile', 'compose', 'kubernetes', 'ai-sdk', 'langchain'].includes(t),
    );
    expect(refusing.length).toBeGreaterThan(5);
    for (const target of refusing) {
      const result = exportPipeline(chunked, target, options);
      expect(result.ok, target).toBe(false);
      if (!result.ok)
        expect(result.reason).toMatch(/longDocuments setting .* runs inside Rerank Studio/);
    }
    // The same config without it goes to curl as before.
    expect(exportPipeline(EXPORT_CASES.cohere as PipelineConfig, 'curl', options).ok).toBe(true);
  });

  it('a fallback with longDocuments is enough to refuse', () => {
    const config: PipelineConfig = {
      ...(EXPORT_CASES.cohere as PipelineConfig),
      fallbacks: [
        {
          ...(EXPORT_CASES.cohere as PipelineConfig),
          fallbacks: undefined,
          longDocuments: { mode: 'truncate' },
        },
      ],
    };
    expect(parsePipelineConfig(config).ok).toBe(true);
    expect(exportPipeline(config, 'litellm').ok).toBe(false);
  });
});
