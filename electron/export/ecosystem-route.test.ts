/**
 * Which way a Bedrock column goes in the AI SDK export, from the request the app itself would
 * send (ecosystem-run.test.ts runs the snippets against the simulator and `serve`).
 */
import { describe, expect, it } from 'vitest';
import { exportPipeline } from '../../shared/export';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { buildProviderRequest } from './provider-request';

const SAMPLE = { query: 'dog training tips', documents: ['Crate training a puppy', 'Cat food'] };

describe('the AI SDK route of a Bedrock column', () => {
  const bedrock = (extra: Partial<PipelineConfig>, env: Record<string, string>) => {
    const config: PipelineConfig = {
      version: 1,
      name: 'Bedrock',
      strategy: 'dedicated-model',
      provider: 'bedrock',
      model: 'cohere.rerank-v3-5:0',
      ...extra,
    };
    const request = buildProviderRequest(config, SAMPLE, env);
    if (!request.ok) throw new Error(request.error.message);
    const result = exportPipeline(config, 'ai-sdk', { sample: SAMPLE, request: request.value });
    if (!result.ok) throw new Error(result.reason);
    return { text: result.text, url: request.value.url };
  };

  it('takes the region from the environment as the app does, and its default endpoint', () => {
    const { text, url } = bedrock({}, { AWS_REGION: 'eu-west-1' });
    expect(text).toContain(
      'const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";',
    );
    const base = /baseURL: `([^`]+)`/.exec(text)?.[1];
    expect(base?.replace('${region}', 'eu-west-1')).toBe(url.replace(/\/rerank$/, ''));
  });

  it('keeps the serve route for a model ARN the package cannot build', () => {
    const { text } = bedrock(
      {
        model: 'arn:aws:bedrock:eu-west-1::foundation-model/cohere.rerank-v3-5:0',
        params: { region: 'us-east-1' },
      },
      {},
    );
    expect(text).toContain('rerank-studio serve --config bedrock.rerank.json');
    expect(text).toContain(
      '@ai-sdk/amazon-bedrock builds the model ARN as arn:aws:bedrock:us-east-1::foundation-model/{model}',
    );
  });
});
