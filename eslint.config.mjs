// @ts-check
import tseslint from 'typescript-eslint';

/** The layering of ARCHITECTURE.md, enforced: the engine and the shared schemas never see
 * `vscode`, and the webview reaches into `src` only through `src/shared`. */
const noVscode = {
  paths: [{ name: 'vscode', message: 'src/core and src/shared must not import vscode: go through a port.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'media/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscode] },
  },
  {
    // The public API runs (and is tested) in plain Node, like the engine: the host wires it to VS Code.
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/api must not import vscode: src/host/api wires it.' }] }],
    },
  },
  {
    files: ['webview-ui/**/*.ts', 'webview-ui/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview cannot import vscode.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!shared(/|$))',
              message: 'webview-ui may import from src/shared only.',
            },
          ],
        },
      ],
    },
  },
);
