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
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@tc/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@tc/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
