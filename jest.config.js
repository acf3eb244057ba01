/**
 * One jest run covers unit specs (*.spec.ts), real-store integration specs
 * (*.int-spec.ts) and end-to-end HTTP tests (test/*.e2e-spec.ts).
 * Type-checking is `npm run typecheck`; swc only strips types, which keeps start-up ~1 s.
 */
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  // content-disposition@3 (under @fastify/static, for Swagger UI) ships as ES modules only.
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@tc/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@tc/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  // Stopgap (session 2): after every test has passed, a handle left open somewhere under test/
  // keeps the multi-worker run from exiting (each file alone exits; not yet found). Without
  // this, CI would hang after a green run. To remove once the handle is found.
  forceExit: true,
};
