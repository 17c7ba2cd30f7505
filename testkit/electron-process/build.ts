/** Bundles the Electron process double (main and utility bootstraps) for plain Node. */
import path from 'node:path';
import { build } from 'esbuild';

export interface ElectronProcessFiles {
  mainBootstrap: string;
  utilityBootstrap: string;
}

export async function buildElectronProcess(outdir: string): Promise<ElectronProcessFiles> {
  const here = path.dirname(new URL(import.meta.url).pathname);
  await build({
    entryPoints: {
      'main-bootstrap': path.join(here, 'main-bootstrap.ts'),
      'utility-child': path.join(here, 'utility-child.ts'),
    },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return {
    mainBootstrap: path.join(outdir, 'main-bootstrap.cjs'),
    utilityBootstrap: path.join(outdir, 'utility-child.cjs'),
  };
}
