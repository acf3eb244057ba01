import { Page, Query, ReadStoreErrorCode, Sort, SumRow, ViewDefinition, ViewDocument, Where } from '../readstore.port';

/**
 * One small view and the answers every query over it must give. The contract suite runs them
 * through each adapter; the mingo spec runs the MongoDB adapter's filters and pipelines over
 * the same documents. Expected answers are written out by hand, not computed.
 *
 * The documents hold what trips stores up: missing and null values (both read as null), a
 * nested path, ties broken by id, upper case before lower case (binary order), a non-ASCII
 * name, a fraction, zero and a negative amount.
 */
export const FIXTURE_VIEW: ViewDefinition = {
  name: 'fixture',
  fields: { status: 'string', debtor: 'string', amount: 'number', due: 'date', insured: 'boolean', 'terms.days': 'number' },
  compound: [['debtor', 'due']],
};

type Row = [id: string, status: string, debtor: string | null | undefined, amount: number, due: string | null, insured: boolean | undefined, terms: ViewDocument | undefined];
const ROWS: Row[] = [
  ['r01', 'open', 'acme', 1000, '2026-01-10', true, { days: 30 }],
  ['r02', 'open', 'acme', 250.5, '2026-02-01', false, { days: 60 }],
  ['r03', 'settled', 'acme', 4000, '2026-01-10', true, { days: 30 }],
  ['r04', 'open', 'bolt', 0, '2026-03-15', true, undefined],
  ['r05', 'overdue', 'bolt', -20, '2025-12-31', undefined, { days: 90 }],
  ['r06', 'open', 'crane', 1000, '2026-01-10', true, { days: 30 }],
  ['r07', 'settled', 'crane', 75, null, false, { days: 60 }],
  ['r08', 'overdue', 'crane', 1000, '2026-02-01', true, { days: null }],
  ['r09', 'open', undefined, 310, '2026-04-01', false, { days: 30 }],
  ['r10', 'claimed', 'acme', 99999, '2025-11-30', true, { days: 120 }],
  ['r11', 'open', 'émile', 5, '2026-01-20', true, { days: 30 }],
  ['r12', 'open', 'Zed', 12, '2026-01-10', false, { days: 45 }],
];

export const FIXTURE_DOCS: { id: string; doc: ViewDocument }[] = ROWS.map(([id, status, debtor, amount, due, insured, terms]) => {
  const doc: ViewDocument = { id, status, amount, due, note: `"$not a path" for ${id}`, lines: [{ sku: 'x', qty: 1 }] };
  if (debtor !== undefined) doc.debtor = debtor;
  if (insured !== undefined) doc.insured = insured;
  if (terms !== undefined) doc.terms = terms;
  return { id, doc };
});

export const ALL_IDS = FIXTURE_DOCS.map((d) => d.id);

export const FIND_CASES: { name: string; where: Where; ids: string[] }[] = [
  { name: 'equality by value', where: { status: 'open' }, ids: ['r01', 'r02', 'r04', 'r06', 'r09', 'r11', 'r12'] },
  { name: 'equality by eq', where: { status: { eq: 'open' } }, ids: ['r01', 'r02', 'r04', 'r06', 'r09', 'r11', 'r12'] },
  { name: 'a number equal', where: { amount: 1000 }, ids: ['r01', 'r06', 'r08'] },
  { name: 'null matches a missing value', where: { debtor: null }, ids: ['r09'] },
  { name: 'eq null matches a null value', where: { due: { eq: null } }, ids: ['r07'] },
  { name: 'a missing boolean is null', where: { insured: null }, ids: ['r05'] },
  { name: 'a nested path, missing parent or null leaf', where: { 'terms.days': null }, ids: ['r04', 'r08'] },
  { name: 'in', where: { status: { in: ['overdue', 'claimed'] } }, ids: ['r05', 'r08', 'r10'] },
  { name: 'in an empty list', where: { status: { in: [] } }, ids: [] },
  { name: 'in numbers', where: { amount: { in: [0, 250.5] } }, ids: ['r02', 'r04'] },
  { name: 'gte', where: { amount: { gte: 1000 } }, ids: ['r01', 'r03', 'r06', 'r08', 'r10'] },
  { name: 'gt and lt', where: { amount: { gt: 0, lt: 1000 } }, ids: ['r02', 'r07', 'r09', 'r11', 'r12'] },
  { name: 'lte, zero and negative', where: { amount: { lte: 0 } }, ids: ['r04', 'r05'] },
  { name: 'a date range', where: { due: { gte: '2026-01-10', lt: '2026-02-01' } }, ids: ['r01', 'r03', 'r06', 'r11', 'r12'] },
  { name: 'dates up to', where: { due: { lte: '2025-12-31' } }, ids: ['r05', 'r10'] },
  { name: 'dates after', where: { due: { gt: '2026-02-01' } }, ids: ['r04', 'r09'] },
  { name: 'true', where: { insured: true }, ids: ['r01', 'r03', 'r04', 'r06', 'r08', 'r10', 'r11'] },
  { name: 'false', where: { insured: false }, ids: ['r02', 'r07', 'r09', 'r12'] },
  { name: 'a nested number', where: { 'terms.days': { gte: 60 } }, ids: ['r02', 'r05', 'r07', 'r10'] },
  { name: 'strings compare bytewise (upper case first)', where: { debtor: { gt: 'a' } }, ids: ['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08', 'r10', 'r11'] },
  { name: 'two equalities', where: { debtor: 'acme', due: '2026-01-10' }, ids: ['r01', 'r03'] },
  { name: 'three conditions', where: { debtor: 'acme', amount: { gt: 100 }, status: 'open' }, ids: ['r01', 'r02'] },
  { name: 'id in', where: { id: { in: ['r03', 'r07', 'r99'] } }, ids: ['r03', 'r07'] },
  { name: 'id range', where: { id: { gt: 'r10' } }, ids: ['r11', 'r12'] },
];

/** Full orders: paging through them at any page size must give exactly these, once each. */
export const SORT_CASES: { sort: Sort; where?: Where; ids: string[] }[] = [
  { sort: { field: 'id' }, ids: ALL_IDS },
  { sort: { field: 'id', direction: 'desc' }, ids: [...ALL_IDS].reverse() },
  { sort: { field: 'amount' }, ids: ['r05', 'r04', 'r11', 'r12', 'r07', 'r02', 'r09', 'r01', 'r06', 'r08', 'r03', 'r10'] },
  { sort: { field: 'amount', direction: 'desc' }, ids: ['r10', 'r03', 'r08', 'r06', 'r01', 'r09', 'r02', 'r07', 'r12', 'r11', 'r04', 'r05'] },
  { sort: { field: 'due' }, ids: ['r07', 'r10', 'r05', 'r01', 'r03', 'r06', 'r12', 'r11', 'r02', 'r08', 'r04', 'r09'] },
  { sort: { field: 'due', direction: 'desc' }, ids: ['r09', 'r04', 'r08', 'r02', 'r11', 'r12', 'r06', 'r03', 'r01', 'r05', 'r10', 'r07'] },
  { sort: { field: 'debtor' }, ids: ['r09', 'r12', 'r01', 'r02', 'r03', 'r10', 'r04', 'r05', 'r06', 'r07', 'r08', 'r11'] },
  { sort: { field: 'debtor', direction: 'desc' }, ids: ['r11', 'r08', 'r07', 'r06', 'r05', 'r04', 'r10', 'r03', 'r02', 'r01', 'r12', 'r09'] },
  { sort: { field: 'insured', direction: 'desc' }, ids: ['r11', 'r10', 'r08', 'r06', 'r04', 'r03', 'r01', 'r12', 'r09', 'r07', 'r02', 'r05'] },
  { sort: { field: 'terms.days' }, ids: ['r04', 'r08', 'r01', 'r03', 'r06', 'r09', 'r11', 'r12', 'r02', 'r07', 'r05', 'r10'] },
  { sort: { field: 'due', direction: 'desc' }, where: { status: 'open' }, ids: ['r09', 'r04', 'r02', 'r11', 'r12', 'r06', 'r01'] },
];

export const COUNT_CASES: { where?: Where; count: number }[] = [
  { count: 12 },
  { where: { status: 'open' }, count: 7 },
  { where: { insured: null }, count: 1 },
  { where: { amount: { gt: 1e6 } }, count: 0 },
];

export const SUM_CASES: { name: string; where?: Where; fields: string[]; groupBy?: string; rows: SumRow[] }[] = [
  { name: 'one row without a group', where: { status: 'open' }, fields: ['amount'], rows: [{ count: 7, sums: { amount: 2577.5 } }] },
  { name: 'one zero row when nothing matches', where: { amount: { gt: 1e6 } }, fields: ['amount'], rows: [{ count: 0, sums: { amount: 0 } }] },
  {
    name: 'grouped by a string, two sums, nulls counting 0',
    fields: ['amount', 'terms.days'],
    groupBy: 'status',
    rows: [
      { group: 'claimed', count: 1, sums: { amount: 99999, 'terms.days': 120 } },
      { group: 'open', count: 7, sums: { amount: 2577.5, 'terms.days': 225 } },
      { group: 'overdue', count: 2, sums: { amount: 980, 'terms.days': 90 } },
      { group: 'settled', count: 2, sums: { amount: 4075, 'terms.days': 90 } },
    ],
  },
  {
    name: 'grouped by a boolean, null first',
    fields: ['amount'],
    groupBy: 'insured',
    rows: [
      { group: null, count: 1, sums: { amount: -20 } },
      { group: false, count: 4, sums: { amount: 647.5 } },
      { group: true, count: 7, sums: { amount: 107004 } },
    ],
  },
  {
    name: 'filtered, grouped by a field with missing values',
    where: { amount: { lt: 1000 } },
    fields: ['amount'],
    groupBy: 'debtor',
    rows: [
      { group: null, count: 1, sums: { amount: 310 } },
      { group: 'Zed', count: 1, sums: { amount: 12 } },
      { group: 'acme', count: 1, sums: { amount: 250.5 } },
      { group: 'bolt', count: 2, sums: { amount: -20 } },
      { group: 'crane', count: 1, sums: { amount: 75 } },
      { group: 'émile', count: 1, sums: { amount: 5 } },
    ],
  },
  { name: 'counts only', fields: [], groupBy: 'status', rows: [['claimed', 1], ['open', 7], ['overdue', 2], ['settled', 2]].map(([group, count]) => ({ group, count: count as number, sums: {} })) },
  { name: 'no group when nothing matches', where: { amount: { gt: 1e6 } }, fields: ['amount'], groupBy: 'status', rows: [] },
];

/** Queries every adapter refuses with the same code. */
export const REFUSED_QUERIES: { name: string; query?: Query; count?: Where; sum?: { fields: string[]; groupBy?: string }; code: ReadStoreErrorCode }[] = [
  { name: 'an undeclared field', query: { where: { nope: 1 } }, code: 'UNKNOWN_FIELD' },
  { name: 'a document field that is not indexed', query: { where: { note: 'x' } }, code: 'UNKNOWN_FIELD' },
  { name: 'a sort on an undeclared field', query: { sort: { field: 'note' } }, code: 'UNKNOWN_FIELD' },
  { name: 'a count on an undeclared field', count: { nope: 'x' }, code: 'UNKNOWN_FIELD' },
  { name: 'a sum of an undeclared field', sum: { fields: ['nope'] }, code: 'UNKNOWN_FIELD' },
  { name: 'a sum of a string field', sum: { fields: ['status'] }, code: 'INVALID_QUERY' },
  { name: 'a group by an undeclared field', sum: { fields: ['amount'], groupBy: 'note' }, code: 'UNKNOWN_FIELD' },
  { name: 'an unknown operator', query: { where: { amount: { ne: 3 } as never } }, code: 'INVALID_QUERY' },
  { name: 'a raw MongoDB operator', query: { where: { amount: { $gt: 3 } as never } }, code: 'INVALID_QUERY' },
  { name: 'a string for a number', query: { where: { amount: '1000' } }, code: 'INVALID_VALUE' },
  { name: 'a word for a date', query: { where: { due: { gte: 'tomorrow' } } }, code: 'INVALID_VALUE' },
  { name: 'null inside in', query: { where: { status: { in: ['open', null as never] } } }, code: 'INVALID_VALUE' },
  { name: 'a limit over 500', query: { limit: 501 }, code: 'INVALID_QUERY' },
  { name: 'a limit of 0', query: { limit: 0 }, code: 'INVALID_QUERY' },
  { name: 'a cursor not issued by the store', query: { cursor: 'bm90IGEgY3Vyc29y' }, code: 'INVALID_CURSOR' },
];

/** Follows `nextCursor` to the end, collecting ids; fails on a page over the limit or a loop. */
export async function pageThrough(fetch: (cursor?: string) => Promise<Page>, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages <= ALL_IDS.length + 1; pages++) {
    const page = await fetch(cursor);
    if (page.items.length > limit) throw new Error(`a page of ${page.items.length} items, over the limit of ${limit}`);
    ids.push(...page.items.map((doc) => doc.id as string));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}
