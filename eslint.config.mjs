// ESLint flat config: typescript-eslint with type information.
// Everywhere: promises must be awaited or explicitly voided. Under workflows/: only deterministic,
// sandbox-safe code (no Node built-ins, no Node-only packages, no real timers or randomness).
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];

const noScripts = {
  regex: '^(\\./|(\\.\\./)+)scripts(/.*)?$',
  message: 'scripts/ holds entry points only: import what they run from platform/ or toolchain/.',
};
const noTests = {
  regex: '^(\\.\\./)+test(/.*)?$',
  message: 'Product code does not import test/: move what both need into platform/ or toolchain/.',
};

export default defineConfig(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      '.data/**',
      '.tools/**',
      '.build/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // scripts/ holds entry points only (npm run ...): nothing imports them.
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noScripts] }] },
  },
  {
    // What the processes share, the bench and the entry points are product code: nothing of the tests in them.
    files: ['platform/**/*.ts', 'toolchain/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noScripts, noTests] }] },
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTests] }] },
  },
  {
    // The payload converter is bundled into the workflow code too.
    files: ['workflows/**/*.ts', 'codec/sealed-payload-converter.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message:
              'Workflow code runs in a deterministic sandbox: no Node built-ins. Do this in an activity.',
          })),
          patterns: [
            {
              group: ['node:*'],
              message:
                'Workflow code runs in a deterministic sandbox: no Node built-ins. Do this in an activity.',
            },
            {
              group: [
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                '@temporalio/testing',
                '@temporalio/client/*',
                '@temporalio/worker/*',
                '@temporalio/activity/*',
                '@temporalio/testing/*',
              ],
              allowTypeImports: true,
              message:
                'Workflow code imports only @temporalio/workflow and @temporalio/common (types from the others).',
            },
            {
              group: ['zod', 'zod/*', 'pino', 'pino/*', 'fastify', 'fastify-*', '@fastify/*', 'ms'],
              allowTypeImports: true,
              message: 'Node-only or non-deterministic package: keep it out of workflow code (types only).',
            },
            {
              regex: '^(\\.\\./)+(config|api|activities|worker|scripts|platform|toolchain)(/.*)?$',
              allowTypeImports: true,
              message:
                'Workflow code may import only types from config/, api/, activities/: use `import type`.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use a loop with sleep() from @temporalio/workflow.' },
        { name: 'setImmediate', message: 'Not available in workflow code.' },
        { name: 'process', message: 'Not available in workflow code: pass values in the workflow input.' },
        { name: 'fetch', message: 'I/O belongs in an activity.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use uuid4() from @temporalio/workflow, or pass values in.',
        },
        { object: 'globalThis', property: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { object: 'globalThis', property: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
);
