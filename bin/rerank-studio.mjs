#!/usr/bin/env node
// Entry of `npx rerank-studio`. The CLI is bundled by `npm run build:node`, which `npm install`
// runs through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/node/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('rerank-studio: the CLI is not built yet; run `npm run build:node` first\n');
  process.exit(1);
}
await import(cli.href);
