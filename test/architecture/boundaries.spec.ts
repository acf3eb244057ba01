import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The import boundaries of DESIGN.md are lint rules; these cases prove each rule really
 * fails on a violation (and stays quiet on the allowed form), so the guard cannot rot silently.
 */
const root = join(__dirname, '..', '..');
const domainFile = 'libs/debtors/src/domain/violation.ts';
const uses = (imports: string) => `${imports}\nexport const used = [x];\n`;

const cases: { name: string; file: string; code: string; allowed: boolean }[] = [
  ...[
    ['a NestJS import', "import { Injectable as x } from '@nestjs/common';"],
    ['an adapter', "import x from 'better-sqlite3';"],
    ['the event store port', "import { EVENT_STORE as x } from '@tc/eventstore';"],
    ['the platform', "import { CommandPipeline as x } from '@tc/platform';"],
    ["another context's domain", "import { x } from '@tc/policies/domain/policy.decider';"],
    ['another context', "import { x } from '@tc/policies';"],
    ['its own application layer', "import { x } from '../application/debtors.module';"],
    ['a relative path into another lib', "import { x } from '../../../policies/src/domain/policy.decider';"],
  ].map(([what, imports]) => ({ name: `a domain/ folder refuses ${what}`, file: domainFile, code: uses(imports), allowed: false })),
  { name: 'a domain/ folder may import the kernel and its own files', file: domainFile, code: uses("import { Money as x } from '@tc/kernel';\nimport { debtorDecider } from './debtor.decider';\nexport const d = debtorDecider;"), allowed: true },
  { name: 'the kernel imports no framework', file: 'libs/kernel/src/violation.ts', code: uses("import { Injectable as x } from '@nestjs/common';"), allowed: false },
  { name: "an application layer refuses another context's domain internals", file: 'libs/receivables/src/application/violation.ts', code: uses("import { x } from '@tc/debtors/domain/debtor.decider';"), allowed: false },
  { name: "an application layer may use another context's public index", file: 'libs/receivables/src/application/violation.ts', code: uses("import { x } from '@tc/debtors';"), allowed: true },
  { name: 'the event store knows no context', file: 'libs/eventstore/src/violation.ts', code: uses("import { x } from '@tc/debtors';"), allowed: false },
];

// ESLint loads its flat config as an ES module, which jest's VM cannot: lint every case in one child node.
const LINT = `
  const { ESLint } = require('eslint');
  const path = require('path');
  const eslint = new ESLint({ cwd: process.cwd() });
  const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  Promise.all(cases.map(({ file, code }) => eslint.lintText(code, { filePath: path.join(process.cwd(), file) })))
    .then((results) => console.log(JSON.stringify(results.map(([r]) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)))));
`;

describe('architecture boundaries (lint)', () => {
  let messages: string[][];
  beforeAll(() => {
    messages = JSON.parse(execFileSync(process.execPath, ['-e', LINT], { cwd: root, input: JSON.stringify(cases), encoding: 'utf8' }));
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    if (cases[i].allowed) expect(messages[i]).toEqual([]);
    else expect(messages[i]).not.toHaveLength(0);
  });
});
