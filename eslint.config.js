// Lint: typescript-eslint's recommended rules over every package's sources, tests and benchmarks, and the demo page's script.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'packages/*/dist/**', '**/.bench-build/**', 'docs/**', 'test-artifacts/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', setImmediate: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        performance: 'readonly', Buffer: 'readonly', WeakRef: 'readonly', FinalizationRegistry: 'readonly', URL: 'readonly',
        globalThis: 'readonly', queueMicrotask: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]",
        message: 'No focused or skipped tests.',
      }],
    },
  },
  {
    files: ['packages/examples/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { window: 'readonly', document: 'readonly', location: 'readonly', WebSocket: 'readonly', sessionStorage: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
