/**
 * `npm run web [-- --port N] [-- --no-open]`: serves the built renderer and the contract on
 * 127.0.0.1 and prints the one line scripts and tests wait for.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDataDir, resolveDataDir } from '../../platform/data-dir';
import { bundledWorker } from '../../inference/client';
import { createServices, keychainFromEnv } from '../../services/compose';
import { startWebHost } from './server';

const USAGE = `Usage: npm run web -- [--port N] [--no-open]

  --port N    listen on 127.0.0.1:N (default: a free port)
  --no-open   do not open the browser
`;

async function main(): Promise<void> {
  let values: { port?: string; 'no-open'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535 (got "${values.port}")\n`);
    process.exit(2);
  }

  const dataDir = await ensureDataDir(resolveDataDir());
  const services = createServices({
    host: 'web',
    dataDir,
    keychain: keychainFromEnv(process.env),
    inferenceWorker: bundledWorker(import.meta.url),
  });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const host = await startWebHost({
    services,
    port,
    rendererDir: path.resolve(here, '../renderer'),
  });
  process.stdout.write(`Rerank Studio web host: ${host.url}\n`);

  if (!values['no-open']) {
    const { default: open } = await import('open');
    open(host.url).catch(() =>
      process.stderr.write('could not open a browser; open the URL above\n'),
    );
  }

  const stop = () => {
    void Promise.all([host.close(), services.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
