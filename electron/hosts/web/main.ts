/**
 * `npm run web [-- --port N] [-- --no-open] [-- --allow-folder DIR]`: serves the built renderer
 * and the contract on 127.0.0.1 and prints the one line scripts and tests wait for.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDataDir, resolveDataDir } from '../../platform/data-dir';
import { bundledWorker } from '../../inference/client';
import { allowedFoldersFromEnv, grantFolders } from '../../platform/path-grants';
import { createServices, keychainFromEnv } from '../../composition/compose';
import { startWebHost } from './web-server';
import { logBug } from '../../log/log';

const USAGE = `Usage: npm run web -- [--port N] [--no-open] [--allow-folder DIR]...

  --port N             listen on 127.0.0.1:N (default: a free port)
  --no-open            do not open the browser
  --allow-folder DIR   let the page read labelled sets and import models by path under DIR
                       (repeatable; also RERANK_STUDIO_ALLOW_FOLDERS, separated by "${path.delimiter}").
                       Without it the page can name no path: it uploads files instead.
`;

// A promise nobody awaited that fails is a bug: logged (and listed in the diagnostics), not a
// reason to take the user's whole session down with the host.
process.on('unhandledRejection', (reason) => logBug('a background task', reason));

async function main(): Promise<void> {
  let values: { port?: string; 'no-open'?: boolean; 'allow-folder'?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        'allow-folder': { type: 'string', multiple: true },
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
  // The web host has no native dialog: the folders its user named when starting it are the
  // ones a page may read under (electron/platform/path-grants.ts).
  const allowed = [...(values['allow-folder'] ?? []), ...allowedFoldersFromEnv(process.env)];
  grantFolders(services.grants, allowed, process.cwd());
  for (const folder of allowed) {
    process.stderr.write(`the page may read under ${path.resolve(folder)}\n`);
  }
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
