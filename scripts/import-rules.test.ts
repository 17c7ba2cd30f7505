/**
 * The process boundaries of ARCHITECTURE.md are lint rules; `npm test` lints the tree. This
 * proves the rules fire, by linting snippets as if they lived in each folder.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  // Type information is irrelevant to import rules, and the snippets are not on disk.
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('shared/ imports neither Node, Electron, nor the other folders', async () => {
    expect(
      await restrictedImports('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"),
    ).not.toEqual([]);
    expect(
      await restrictedImports('shared/x.ts', "import path from 'path';\nexport const a = path;\n"),
    ).not.toEqual([]);
    expect(
      await restrictedImports(
        'shared/x.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImports(
        'shared/x.ts',
        "import { a } from '../electron/engine/engine';\nexport const b = a;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImports(
        'shared/x.ts',
        "import { a } from '../renderer/sample';\nexport const b = a;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImports('shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"),
    ).toEqual([]);
  });

  it('renderer/ imports shared/ but not electron/ or Node', async () => {
    expect(
      await restrictedImports(
        'renderer/x.ts',
        "import { a } from '../electron/composition/compose';\nexport const b = a;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImports(
        'renderer/x.ts',
        "import { readFile } from 'node:fs/promises';\nexport const b = readFile;\n",
      ),
    ).not.toEqual([]);
    expect(
      await restrictedImports(
        'renderer/x.ts',
        "import { a } from '../shared/contract';\nexport const b = a;\n",
      ),
    ).toEqual([]);
  });

  it('only electron/main and electron/preload import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await restrictedImports('electron/engine/x.ts', code)).not.toEqual([]);
    expect(await restrictedImports('electron/hosts/web/x.ts', code)).not.toEqual([]);
    expect(await restrictedImports('electron/main/x.ts', code)).toEqual([]);
    expect(await restrictedImports('electron/preload/x.ts', code)).toEqual([]);
    expect(
      await restrictedImports(
        'electron/engine/x.ts',
        "import { a } from '../../renderer/sample';\nexport const b = a;\n",
      ),
    ).not.toEqual([]);
  });

  it('code that ships never imports testkit/ or bench/; tests do', async () => {
    const fromTestkit = (depth: number) =>
      `import { a } from '${'../'.repeat(depth)}testkit/harness/server';\nexport const b = a;\n`;
    const fromBench = "import { a } from '../../bench/stats';\nexport const b = a;\n";
    expect(await restrictedImports('electron/engine/x.ts', fromTestkit(2))).not.toEqual([]);
    expect(await restrictedImports('electron/main/x.ts', fromTestkit(2))).not.toEqual([]);
    expect(await restrictedImports('electron/engine/x.ts', fromBench)).not.toEqual([]);
    expect(await restrictedImports('shared/x.ts', fromTestkit(1))).not.toEqual([]);
    expect(await restrictedImports('renderer/store/x.ts', fromTestkit(2))).not.toEqual([]);
    expect(await restrictedImports('electron/engine/x.test.ts', fromTestkit(2))).toEqual([]);
    expect(await restrictedImports('e2e/x.ts', fromTestkit(1))).toEqual([]);
  });

  it('components leave I/O to the store: no client, no file saving', async () => {
    const fromDownloads =
      "import { browserDownload } from '../store/app/downloads';\nexport const a = browserDownload;\n";
    const fromClient =
      "import { createClient } from '../client/client';\nexport const a = createClient;\n";
    expect(await restrictedImports('renderer/components/x.tsx', fromDownloads)).not.toEqual([]);
    expect(await restrictedImports('renderer/components/x.tsx', fromClient)).not.toEqual([]);
    expect(await restrictedImports('renderer/store/x.ts', fromDownloads)).toEqual([]);
    expect(
      await restrictedImports(
        'renderer/components/x.tsx',
        "import { useAppStore } from '../store/context';\nexport const a = useAppStore;\n",
      ),
    ).toEqual([]);
  });
});
