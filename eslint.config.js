// ESLint flat config. The import rules encode ARCHITECTURE.md's process boundaries:
// shared/ is pure, renderer/ never reaches into electron/, only electron/main and
// electron/preload may import Electron, nothing that ships imports testkit/ or bench/, and
// components leave I/O to the store.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import Electron.',
};
const noElectronFolder = {
  group: ['**/electron/**', '**/electron'],
  message: 'This folder must not import Node/Electron code (see ARCHITECTURE.md).',
};
const noRendererFolder = {
  group: ['**/renderer/**'],
  message: 'Only the renderer imports renderer code.',
};
// Test kits and benchmarks stay out of what ships: only tests (and the kits themselves) use them.
const noTestCode = {
  group: ['**/testkit/**', '**/testkit', '**/bench/**', '**/bench'],
  message: 'Code that ships never imports testkit/ or bench/ (they are for tests).',
};
// Components render state and call store actions; the store owns I/O (ARCHITECTURE.md).
const noComponentIo = {
  group: ['**/client/**', '**/client', '**/store/app/downloads'],
  message: 'Components call store actions; the store talks to the client and saves files.',
};
const noNode = nodeBuiltins.map((name) => ({
  name,
  message: 'Node built-ins are not available here.',
}));

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-exports': [
        'error',
        { restrictDefaultExports: { direct: true, named: true, defaultFrom: true } },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode],
          patterns: [noElectronFolder, noRendererFolder, noTestCode],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, ...noNode], patterns: [noElectronFolder, noTestCode] },
      ],
    },
  },
  {
    files: ['renderer/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode],
          patterns: [noElectronFolder, noTestCode, noComponentIo],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [noRendererFolder, noTestCode] },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRendererFolder, noTestCode] }] },
  },
  {
    // Tools read these files' default export.
    files: ['*.config.{js,ts}'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['e2e/**/*.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
