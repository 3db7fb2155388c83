// Type-checked typescript-eslint: the rules that catch real bugs in an extension (a promise nobody
// awaits, a stray console.log that bypasses the redacting logger) are errors.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out-*/', 'dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.sandbox/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // `import vscode = require('vscode')` compiles to a plain require. `import * as vscode` makes
      // esbuild copy the whole API object into a namespace in every module that says it: with ~50
      // modules that copying was the largest single cost of activation.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='vscode'][importKind!='type']",
          message: "Use `import vscode = require('vscode');` (a namespace import copies the whole API object per module at activation).",
        },
        {
          // Text people read goes through l10n.t, so that l10n/bundle.l10n.json can carry its translation.
          selector:
            "CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > :matches(Literal, TemplateLiteral).arguments:first-child",
          message: 'Wrap user-facing text in vscode.l10n.t(...).',
        },
      ],
    },
  },
  {
    // Test code and the harness print their reports on purpose.
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
      sourceType: 'commonjs',
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
