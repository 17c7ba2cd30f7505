/**
 * Type-checks exported TypeScript as a user's project would: strict, Node's module resolution
 * from the files' own folder (so the packages are whatever its node_modules holds), Node's
 * types. Returns the diagnostics as `file: message` lines, none when all is well.
 */
import path from 'node:path';
import ts from 'typescript';

export function typeCheckSnippets(
  files: readonly string[],
  options: { skipLibCheck?: boolean } = {},
): string[] {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    ...options,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    typeRoots: [path.resolve('node_modules/@types')],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName)}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}
