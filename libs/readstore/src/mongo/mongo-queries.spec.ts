import { Query as MingoQuery, aggregate, find } from 'mingo';
import { sortablePosition } from '../positions';
import { Page, Query, Where } from '../readstore.port';
import { COUNT_CASES, FIND_CASES, FIXTURE_DOCS, FIXTURE_VIEW, SORT_CASES, SUM_CASES, pageThrough } from '../testing/readstore.fixtures';
import { checkSum, normalizeQuery, normalizeWhere, pageOf } from '../view-query';
import { buildFilter, buildFindPlan, buildIndexSpecs, buildSumPipeline, checkpointModel, parseSumRows, purgeFilter, putModel, tombstoneModel } from './mongo-queries';

/**
 * The MongoDB adapter's filters, sorts, cursor conditions, guarded updates and pipelines,
 * executed by mingo over the contract's fixtures: their meaning is checked on every run,
 * with no server. (The contract suite checks the same answers against a real server when
 * MONGODB_URL is set.)
 */
type Doc = Record<string, unknown>;
type Model = { updateOne: { filter: Doc; update: Doc[]; upsert: boolean } };

/** What the server does with one `updateOne` of a pipeline and an upsert. */
function applyModel(collection: Doc[], { updateOne: { filter, update, upsert } }: Model): void {
  const index = collection.findIndex((doc) => new MingoQuery(filter).test(doc));
  if (index < 0 && !upsert) return;
  const base = index >= 0 ? collection[index] : { _id: filter._id };
  const [next] = aggregate([base], update);
  if (index >= 0) collection[index] = next;
  else collection.push(next);
}

const key = (position: string) => sortablePosition(position);
const put = (collection: Doc[], id: string, doc: Doc, position: string) => applyModel(collection, putModel(id, doc, position, key(position)));
const remove = (collection: Doc[], id: string, position: string) => applyModel(collection, tombstoneModel(id, position, key(position)));

/** The fixture written through the same models the adapter sends, plus tombstones that must never show. */
function fixtureCollection(): Doc[] {
  const collection: Doc[] = [];
  for (const { id, doc } of FIXTURE_DOCS) put(collection, id, doc, '1');
  put(collection, 'r13', { id: 'r13', status: 'open', amount: 1000, due: '2026-01-10', insured: true, debtor: 'acme', terms: { days: 30 } }, '1');
  remove(collection, 'r13', '2');
  remove(collection, 'r00', '2');
  return collection;
}

function runFind(collection: Doc[], query: Query): Page {
  const normalized = normalizeQuery(FIXTURE_VIEW, query);
  const plan = buildFindPlan(normalized);
  const rows = find(collection, plan.filter).sort(plan.sort).limit(plan.limit).all() as Doc[];
  return pageOf(rows.map((row) => ({ id: row._id as string, doc: row.doc as Doc })), normalized);
}

const count = (collection: Doc[], where?: Where) => find(collection, buildFilter(normalizeWhere(FIXTURE_VIEW, where))).all().length;

describe('MongoDB queries, run by mingo over the contract fixtures', () => {
  const collection = fixtureCollection();

  it.each(FIND_CASES)('filters: $name', ({ where, ids }) => {
    expect(runFind(collection, { where, limit: 500 }).items.map((doc) => doc.id)).toEqual(ids);
  });

  it.each(SORT_CASES.flatMap((c) => [1, 2, 5].map((limit) => ({ ...c, limit, label: `${c.sort.field} ${c.sort.direction ?? 'asc'}${c.where ? ' filtered' : ''} by ${limit}` }))))(
    'pages through everything exactly once: $label',
    async ({ sort, where, ids, limit }) => {
      expect(await pageThrough(async (cursor) => runFind(collection, { where, sort, limit, cursor }), limit)).toEqual(ids);
    },
  );

  it.each(COUNT_CASES)('counts where $where', ({ where, count: expected }) => {
    expect(count(collection, where)).toBe(expected);
  });

  it.each(SUM_CASES)('sums: $name', ({ where, fields, groupBy, rows }) => {
    checkSum(FIXTURE_VIEW, fields, groupBy);
    const pipeline = buildSumPipeline(normalizeWhere(FIXTURE_VIEW, where), fields, groupBy);
    expect(parseSumRows(aggregate(collection, pipeline), fields, groupBy)).toEqual(rows);
  });

  it('hides tombstones from every query', () => {
    expect(count(collection)).toBe(12);
    expect(runFind(collection, { where: { id: { in: ['r00', 'r13'] } } }).items).toEqual([]);
  });
});

describe('MongoDB guarded writes, run by mingo', () => {
  it('replaces a document only from a later position, and stores values that look like field paths as data', () => {
    const collection: Doc[] = [];
    put(collection, 'a', { id: 'a', v: '$status', n: { $x: 1 } }, '9');
    expect(collection).toEqual([{ _id: 'a', doc: { id: 'a', v: '$status', n: { $x: 1 } }, _position: key('9'), _at: '9' }]);
    put(collection, 'a', { id: 'a', v: 'older' }, '8');
    put(collection, 'a', { id: 'a', v: 'same' }, '9');
    expect(collection[0].doc).toEqual({ id: 'a', v: '$status', n: { $x: 1 } });
    // 10 sorts after 9 only because the key pads digits.
    put(collection, 'a', { id: 'a', v: 'newer' }, '10');
    expect(collection).toEqual([{ _id: 'a', doc: { id: 'a', v: 'newer' }, _position: key('10'), _at: '10' }]);
  });

  it('leaves a tombstone that an older put cannot pass, and a newer one can', () => {
    const collection: Doc[] = [];
    put(collection, 'a', { id: 'a' }, '5');
    remove(collection, 'a', '7');
    expect(collection).toEqual([{ _id: 'a', _position: key('7'), _at: '7', _deleted: true }]);
    put(collection, 'a', { id: 'a', replayed: true }, '6');
    expect(collection[0]._deleted).toBe(true);
    remove(collection, 'b', '3');
    put(collection, 'a', { id: 'a', again: true }, '8');
    expect(collection.find((d) => d._id === 'a')).toEqual({ _id: 'a', doc: { id: 'a', again: true }, _position: key('8'), _at: '8' });
    const purged = collection.filter((doc) => !new MingoQuery(purgeFilter(['a', 'b'])).test(doc));
    expect(purged.map((d) => d._id)).toEqual(['a']);
  });

  it('moves a checkpoint only forward', () => {
    const checkpoints: Doc[] = [];
    const save = (position: string | undefined) => applyModel(checkpoints, checkpointModel({ projection: 'p#g1', position, version: 2 }, sortablePosition(position)));
    save(undefined);
    expect(checkpoints).toEqual([{ _id: 'p#g1', _position: '', version: 2 }]);
    save('12');
    save('9');
    expect(checkpoints).toEqual([{ _id: 'p#g1', position: '12', _position: key('12'), version: 2 }]);
  });

  it('declares an index per field and per compound, each ending in _id', () => {
    expect(buildIndexSpecs(FIXTURE_VIEW)).toEqual([
      { key: { 'doc.status': 1, _id: 1 }, name: 'f0' },
      { key: { 'doc.debtor': 1, _id: 1 }, name: 'f1' },
      { key: { 'doc.amount': 1, _id: 1 }, name: 'f2' },
      { key: { 'doc.due': 1, _id: 1 }, name: 'f3' },
      { key: { 'doc.insured': 1, _id: 1 }, name: 'f4' },
      { key: { 'doc.terms.days': 1, _id: 1 }, name: 'f5' },
      { key: { 'doc.debtor': 1, 'doc.due': 1, _id: 1 }, name: 'c0' },
    ]);
  });
});
