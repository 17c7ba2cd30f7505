/**
 * A served pipeline for tests: real services (engine, history) in a temporary data folder,
 * the real server on a free loopback port, and a fetch helper that keeps status and body.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipelineKey, type PipelineConfig } from '../../shared/pipeline/config';
import { createServices, type Services } from '../../electron/composition/compose';
import { jsonLinesLog } from '../../electron/hosts/server/log';
import {
  startRerankServer,
  type RerankServer,
  type RerankServerOptions,
} from '../../electron/hosts/server/rerank-server';

export interface Served {
  server: RerankServer;
  services: Services;
  dir: string;
  logLines: string[];
  call(
    path: string,
    body?: unknown,
    init?: { token?: string | null; method?: string; raw?: string },
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export const TOKEN = 'test-token-123456';

export async function serve(
  configs: PipelineConfig[],
  options: Partial<Omit<RerankServerOptions, 'services' | 'pipelines' | 'log'>> & {
    env?: Record<string, string>;
    history?: boolean;
  } = {},
): Promise<Served> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rerank-serve-'));
  const services = createServices({
    host: 'server',
    dataDir: dir,
    env: options.env ?? {},
    historyDir: options.history ? dir : false,
  });
  const logLines: string[] = [];
  const server = await startRerankServer({
    services,
    pipelines: configs.map((config) => ({
      key: pipelineKey(config),
      config: { ...config, key: pipelineKey(config) },
      file: 'test',
    })),
    tokens: [TOKEN],
    port: 0,
    ...options,
    log: jsonLinesLog((line) => logLines.push(line)),
  });
  return {
    server,
    services,
    dir,
    logLines,
    async call(route, body, init = {}) {
      const token = init.token === undefined ? TOKEN : init.token;
      const response = await fetch(`${server.url}${route}`, {
        method: init.method ?? (body === undefined && init.raw === undefined ? 'GET' : 'POST'),
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(init.raw !== undefined
          ? { body: init.raw }
          : body === undefined
            ? {}
            : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
    },
    async close() {
      await server.close();
      await services.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
