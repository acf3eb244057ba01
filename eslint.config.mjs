// Lint, and the architecture's import boundaries (DESIGN.md "Layout"), enforced in CI.
// test/architecture/boundaries.spec.ts lints deliberate violations to prove each rule bites.
import tseslint from 'typescript-eslint';

const PURE = 'the domain is pure: no framework, no I/O';
const STORES = ['better-sqlite3', 'mongodb', 'mingo', '@eventstore/*'];
const ADAPTERS = [...STORES, 'fastify', '@fastify/*', 'pino'];
const FRAMEWORK = ['@nestjs/*', 'class-validator', 'class-transformer', 'rxjs', 'reflect-metadata'];

/** Relative imports never leave a lib or app: other code is reached by its @tc alias. */
const noRelativeEscape = { group: ['../../../*', '**/libs/**', '**/apps/**'], message: 'import other libs through their @tc/* alias' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [noRelativeEscape] }],
    },
  },
  {
    files: ['libs/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noRelativeEscape,
            { group: [...FRAMEWORK, ...ADAPTERS], message: PURE },
            { group: ['@tc/*', '!@tc/kernel', '@tc/kernel/*', '!@tc/kernel/testing'], message: 'a domain imports only the kernel: no adapter, no platform, no other context' },
            { group: ['**/application/**', '**/projections/**', '../application', '../projections', '**/infrastructure/**'], message: 'the domain does not depend on its application or projections' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRelativeEscape, { group: [...FRAMEWORK, ...ADAPTERS, '@tc/*'], message: 'the kernel depends on nothing' }] }],
    },
  },
  {
    files: ['libs/eventstore/**/*.ts', 'libs/readstore/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRelativeEscape, { group: ['@tc/*', '!@tc/kernel'], message: 'a port and its adapters know no context and no platform' }] }],
    },
  },
  {
    files: ['libs/projector/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRelativeEscape, { group: ['@tc/*', '!@tc/kernel', '!@tc/eventstore', '!@tc/readstore', '!@tc/platform'], message: 'the projector knows only projections, never a context' }] }],
    },
  },
  {
    files: ['libs/*/src/application/**/*.ts', 'libs/*/src/projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noRelativeEscape, { group: ['@tc/*/domain', '@tc/*/domain/**'], message: "reach another context through its public index (facade, published events), never its domain internals" }, { group: STORES, message: 'contexts talk to stores through ports; adapters are chosen by the apps' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // End-to-end tests, benches and the CLI boot the API's composition root themselves.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'apps/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/libs/**'], message: 'import libs through their @tc/* alias' }] }] },
  },
);
