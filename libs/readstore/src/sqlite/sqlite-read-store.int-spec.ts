import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../testing/readstore.contract';
import { Where } from '../readstore.port';
import { FIXTURE_VIEW } from '../testing/readstore.fixtures';
import { SqliteReadStore } from './sqlite-read-store';

const directory = mkdtempSync(join(tmpdir(), 'tc-readstore-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const newFile = () => join(directory, `${randomUUID()}.sqlite`);

describeReadStoreContract('SqliteReadStore', async () => {
  const file = newFile();
  const store = SqliteReadStore.open({ file });
  return {
    store,
    atomic: true,
    // A trigger, through a second connection, fails every checkpoint write after the batch's documents were written.
    async breakCheckpoints() {
      const db = new Database(file);
      db.exec("CREATE TRIGGER no_checkpoints BEFORE UPDATE ON _checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoint write failed'); END");
      return async () => {
        db.exec('DROP TRIGGER no_checkpoints');
        db.close();
      };
    },
    dispose: () => store.close(),
  };
});

describe('SqliteReadStore on a file', () => {
  it('keeps views, generations and checkpoints across a reopen, in WAL mode', async () => {
    const file = newFile();
    let store = SqliteReadStore.open({ file });
    const generation = await store.createGeneration(FIXTURE_VIEW);
    await store.activate([{ view: 'fixture', generation }]);
    await store.commit({ ops: [{ view: 'fixture', position: '3', put: { id: 'a', doc: { id: 'a', amount: 2 } } }], checkpoints: [{ projection: 'p#g1', position: '3', version: 2 }] });
    await store.close();
    store = SqliteReadStore.open({ file });
    expect(await store.get('fixture', 'a')).toEqual({ id: 'a', amount: 2 });
    expect(await store.checkpoint('p#g1')).toEqual({ projection: 'p#g1', position: '3', version: 2 });
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // A column per indexed field, an index per field and per compound, each ending in id.
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('fixture__g1');
    expect(columns).toEqual(['id', 'doc', 'position', 'position_key', 'f_status', 'f_debtor', 'f_amount', 'f_due', 'f_insured', 'f_terms.days']);
    const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all('fixture__g1');
    expect(indexes).toHaveLength(7);
    expect(indexes).toContain('CREATE INDEX "fixture__g1__i6" ON "fixture__g1" ("f_debtor", "f_due", id)');
    db.close();
  });

  it('creates a generation bare and builds its indexes once, also after a reopen cut the build short', async () => {
    const file = newFile();
    const indexes = () => {
      const db = new Database(file, { readonly: true });
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'fixture__g1' AND sql IS NOT NULL").pluck().all();
      db.close();
      return names.length;
    };
    let store = SqliteReadStore.open({ file });
    const generation = await store.createGeneration(FIXTURE_VIEW);
    await store.commit({ ops: [{ view: 'fixture', generation, position: '3', put: { id: 'a', doc: { id: 'a', status: 'open' } } }], checkpoints: [] });
    expect(indexes()).toBe(0);
    await store.close();
    // A crash before the indexes: the reopened store still knows the generation is bare, and activate builds them.
    store = SqliteReadStore.open({ file });
    await store.commit({ ops: [{ view: 'fixture', generation, position: '4', put: { id: 'a', doc: { id: 'a', status: 'closed' } } }], checkpoints: [] });
    await store.activate([{ view: 'fixture', generation }]);
    expect(indexes()).toBe(7);
    expect((await store.find('fixture', { where: { status: 'closed' } })).items).toEqual([{ id: 'a', status: 'closed' }]);
    await store.close();
  });

  it('rewrites only the indexed columns whose value changed, and every index still finds the document', async () => {
    const file = newFile();
    const store = SqliteReadStore.open({ file });
    const generation = await store.createGeneration(FIXTURE_VIEW);
    await store.activate([{ view: 'fixture', generation }]);
    const put = (id: string, doc: Record<string, unknown>, position: string) => ({ view: 'fixture', position, put: { id, doc: { id, ...doc } } });
    const first = { status: 'open', debtor: 'acme', amount: 5, due: '2026-01-10', insured: true, terms: { days: 30 } };
    await store.commit({ ops: [put('a', first, '1'), put('b', { ...first, debtor: 'bolt' }, '1')], checkpoints: [] });
    // Another connection records which columns each UPDATE names.
    const spy = new Database(file);
    spy.exec('CREATE TABLE written (field TEXT)');
    for (const field of ['status', 'debtor', 'amount', 'due', 'insured', 'terms.days']) {
      spy.exec(`CREATE TRIGGER "w_${field}" AFTER UPDATE OF "f_${field}" ON fixture__g1 BEGIN INSERT INTO written VALUES ('${field}'); END`);
    }
    const written = () => spy.prepare('SELECT field FROM written ORDER BY field').pluck().all();

    await store.commit({ ops: [put('a', { ...first, status: 'closed', insured: false, extra: 'only in the document' }, '2')], checkpoints: [] });
    expect(written()).toEqual(['insured', 'status']);
    await store.commit({ ops: [put('a', { ...first, status: 'closed', insured: false, terms: undefined, amount: 7 }, '3')], checkpoints: [] });
    expect(written()).toEqual(['amount', 'insured', 'status', 'terms.days']);
    await store.commit({ ops: [put('a', { ...first, status: 'reopened' }, '3')], checkpoints: [] }); // not after position 3: ignored
    expect(written()).toHaveLength(4);

    expect(await store.get('fixture', 'a')).toEqual({ id: 'a', ...first, status: 'closed', insured: false, terms: undefined, amount: 7 });
    const ids = async (where: Where) => (await store.find('fixture', { where })).items.map((doc) => doc.id);
    expect(await ids({ status: 'closed' })).toEqual(['a']);
    expect(await ids({ status: 'open' })).toEqual(['b']);
    expect(await ids({ insured: false })).toEqual(['a']);
    expect(await ids({ amount: { gt: 6 } })).toEqual(['a']);
    expect(await ids({ 'terms.days': null })).toEqual(['a']);
    expect(await ids({ debtor: 'acme', due: '2026-01-10' })).toEqual(['a']);
    spy.close();
    await store.close();
  });

  it('binds values as parameters: a quote in a value is only data', async () => {
    const store = SqliteReadStore.open({ file: ':memory:' });
    const generation = await store.createGeneration(FIXTURE_VIEW);
    await store.activate([{ view: 'fixture', generation }]);
    const sneaky = "x' OR 1=1 --";
    await store.commit({ ops: [{ view: 'fixture', position: '1', put: { id: sneaky, doc: { id: sneaky, status: sneaky } } }, { view: 'fixture', position: '1', put: { id: 'b', doc: { id: 'b', status: 'open' } } }], checkpoints: [] });
    expect((await store.find('fixture', { where: { status: sneaky } })).items).toEqual([{ id: sneaky, status: sneaky }]);
    expect(await store.count('fixture', { status: { in: [sneaky, 'none'] } })).toBe(1);
    await store.close();
  });
});
