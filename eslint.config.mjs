// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';


export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'migrations/', 'coverage/', 'bench/.build/', 'bench/.profiles/', 'jest.config.js', 'eslint.config.mjs', 'src/dev/sim/public/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
      ],
    },
  },
  {
    // The domain is pure: no I/O libraries, no adapters, no clock of its own.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['fastify', 'bullmq', 'ioredis', 'pg', 'axios', 'drizzle-orm', 'drizzle-orm/*', 'pino'], message: 'The domain does no I/O.' },
            { group: ['../../http/*', '../../jobs/*', '../../app/*', '../../db/*', '../../zalo/*', '../../dev/*'], message: 'The domain imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    // Adapters never reach back into the use cases or the entry points.
    files: ['src/db/**/*.ts', 'src/zalo/**/*.ts', 'src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../app/*', '../../app/*', '../http/*', '../../http/*', '../jobs/*', '../../jobs/*'], message: 'Adapters do not import app, http or jobs.' }] },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**/*.ts', 'bench/**/*.ts', 'drizzle.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
