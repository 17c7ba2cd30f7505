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
        "import { a } from '../electron/services/compose';\nexport const b = a;\n",
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
});
