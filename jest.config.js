// Projects: fast pure unit tests; integration tests against real PostgreSQL, Redis and a fake Zalo; and the
// browser test of the simulator page in Debian's Chromium (driven by playwright-core, which downloads nothing).
const fs = require('node:fs');
const swc = [
  '@swc/jest',
  { jsc: { target: 'es2024', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
];
// A few dependencies ship ESM only (cookie via light-my-request, content-disposition via @fastify/static of the
// queue board, file-type and its tokenizers for media sniffing); Jest's CommonJS runtime needs them compiled.
// (Node 24 itself loads them with require(), so the built app needs no such step.)
const swcJs = [
  '@swc/jest',
  { jsc: { target: 'es2024', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } },
];
const esmOnly = [
  'cookie',
  'content-disposition',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  '@borewit/text-codec',
  'uint8array-extras',
];
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];
// Locally the browser project runs where Chromium is installed; in CI always (.ci/run installs it), so a
// missing browser fails there instead of passing unnoticed.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const withBrowser = process.env.CI === 'true' || fs.existsSync(chromium);

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests start real servers and wait on queues; unit tests finish in milliseconds anyway.
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
      transformIgnorePatterns,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.int.test.ts'],
      transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    ...(withBrowser
      ? [
          {
            displayName: 'browser',
            testEnvironment: 'node',
            roots: ['<rootDir>/test/browser'],
            testMatch: ['**/*.browser.test.ts'],
            transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
            transformIgnorePatterns,
            globalSetup: '<rootDir>/test/support/global-setup.ts',
            globalTeardown: '<rootDir>/test/support/global-teardown.ts',
          },
        ]
      : []),
  ],
};
