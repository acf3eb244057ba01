import { randomUUID } from 'node:crypto';
import { Batch, ReadStore, ReadStoreQueryError, ViewDefinition, ViewDocument, WriteOp } from '../readstore.port';
import { COUNT_CASES, FIND_CASES, FIXTURE_DOCS, FIXTURE_VIEW, REFUSED_QUERIES, SORT_CASES, SUM_CASES, pageThrough } from './readstore.fixtures';

export interface ReadStoreContractSubject {
  readonly store: ReadStore;
  /** Whether a batch that fails half-way leaves nothing behind (a transaction), or only converges when replayed. */
  readonly atomic: boolean;
  /** Makes every checkpoint write fail until the returned repair runs, to fail a batch after its documents were sent. */
  breakCheckpoints?(): Promise<() => Promise<void>>;
  dispose(): Promise<void>;
}

const put = (view: string, id: string, doc: ViewDocument, position: string, generation?: number): WriteOp => ({ view, generation, position, put: { id, doc } });
const del = (view: string, id: string, position: string, generation?: number): WriteOp => ({ view, generation, position, delete: id });

/**
 * The behaviour every ReadStore adapter must show. Each test works on views of its own,
 * named at random, so the suite also runs against a shared server.
 */
export function describeReadStoreContract(name: string, setup: () => Promise<ReadStoreContractSubject>): void {
  describe(`${name}: the read store contract`, () => {
    let subject: ReadStoreContractSubject;
    let store: ReadStore;
    let view: string;
    const definition = (extra: Partial<ViewDefinition> = {}): ViewDefinition => ({ ...FIXTURE_VIEW, name: view, ...extra });

    /** The fixture documents in a new, active generation, written at position 1. */
    async function loadFixture(): Promise<number> {
      const generation = await store.createGeneration(definition());
      await store.activate([{ view, generation }]);
      await store.commit({ ops: FIXTURE_DOCS.map(({ id, doc }) => put(view, id, doc, '1')), checkpoints: [] });
      return generation;
    }
    const ids = (docs: ViewDocument[]) => docs.map((doc) => doc.id);
    const refused = (code: string) => expect.objectContaining({ name: 'ReadStoreQueryError', code });

    beforeEach(async () => {
      subject = await setup();
      store = subject.store;
      view = `fx${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    });
    afterEach(() => subject.dispose());

    describe('documents', () => {
      it('reads back exactly what was put, by id and in bulk, and forgets what was deleted', async () => {
        await loadFixture();
        expect(await store.get(view, 'r09')).toEqual(FIXTURE_DOCS[8].doc);
        expect(await store.get(view, 'r99')).toBeUndefined();
        const many = await store.getMany(view, ['r03', 'r99', 'r11']);
        expect([...many.keys()].sort()).toEqual(['r03', 'r11']);
        expect(many.get('r11')).toEqual(FIXTURE_DOCS[10].doc);
        expect(await store.getMany(view, [])).toEqual(new Map());

        await store.commit({ ops: [del(view, 'r01', '2'), put(view, 'r02', { id: 'r02', status: 'settled', amount: 1 }, '2')], checkpoints: [] });
        expect(await store.get(view, 'r01')).toBeUndefined();
        expect(await store.get(view, 'r02')).toEqual({ id: 'r02', status: 'settled', amount: 1 });
        expect(await store.count(view)).toBe(11);
        expect(await store.count(view, { status: 'settled' })).toBe(3);
      });

      it('gives a generation’s document with the position it was written at', async () => {
        const generation = await loadFixture();
        await store.commit({ ops: [put(view, 'r01', { id: 'r01', status: 'open' }, '7')], checkpoints: [] });
        expect(await store.getVersioned(view, 'r01', generation)).toEqual({ doc: { id: 'r01', status: 'open' }, position: '7' });
        expect(await store.getVersioned(view, 'r99', generation)).toBeUndefined();
      });

      it('refuses a document whose indexed field has another type, and writes nothing of its batch', async () => {
        await loadFixture();
        const batch: Batch = { ops: [put(view, 'x1', { id: 'x1', status: 'open' }, '2'), put(view, 'x2', { id: 'x2', amount: '12' }, '2')], checkpoints: [{ projection: `${view}-p`, position: '2', version: 1 }] };
        await expect(store.commit(batch)).rejects.toEqual(refused('INVALID_VALUE'));
        expect(await store.get(view, 'x1')).toBeUndefined();
        expect(await store.checkpoint(`${view}-p`)).toBeUndefined();
      });
    });

    describe('find', () => {
      it.each(FIND_CASES)('filters: $name', async ({ where, ids: expected }) => {
        await loadFixture();
        expect(ids((await store.find(view, { where, limit: 500 })).items)).toEqual(expected);
      });

      it.each(SORT_CASES.flatMap((c) => [1, 2, 5].map((limit) => ({ ...c, limit, label: `${c.sort.field} ${c.sort.direction ?? 'asc'}${c.where ? ' filtered' : ''} by ${limit}` }))))(
        'pages through everything exactly once: $label',
        async ({ sort, where, ids: expected, limit }) => {
          await loadFixture();
          expect(await pageThrough((cursor) => store.find(view, { where, sort, limit, cursor }), limit)).toEqual(expected);
        },
      );

      it('keeps its place when documents are written between pages', async () => {
        await loadFixture();
        const sort = { field: 'amount' } as const;
        const first = await store.find(view, { sort, limit: 4 });
        expect(ids(first.items)).toEqual(['r05', 'r04', 'r11', 'r12']);
        await store.commit({ ops: [put(view, 'a0', { id: 'a0', amount: -100 }, '2'), put(view, 'z0', { id: 'z0', amount: 500 }, '2'), del(view, 'r07', '2')], checkpoints: [] });
        const rest = await pageThrough((cursor) => store.find(view, { sort, limit: 4, cursor: cursor ?? first.nextCursor }), 4);
        expect(rest).toEqual(['r02', 'r09', 'z0', 'r01', 'r06', 'r08', 'r03', 'r10']);
      });

      it('returns 50 items by default, and refuses a cursor issued for another sort', async () => {
        const generation = await store.createGeneration(definition());
        await store.activate([{ view, generation }]);
        const docs = Array.from({ length: 60 }, (_, i) => put(view, `d${String(i).padStart(2, '0')}`, { id: `d${String(i).padStart(2, '0')}`, amount: i }, '1'));
        await store.commit({ ops: docs, checkpoints: [] });
        const page = await store.find(view);
        expect(page.items).toHaveLength(50);
        await expect(store.find(view, { cursor: page.nextCursor, sort: { field: 'amount' } })).rejects.toEqual(refused('INVALID_CURSOR'));
      });
    });

    describe('count and sum', () => {
      it.each(COUNT_CASES)('counts where $where', async ({ where, count }) => {
        await loadFixture();
        expect(await store.count(view, where)).toBe(count);
      });

      it.each(SUM_CASES)('sums: $name', async ({ where, fields, groupBy, rows }) => {
        await loadFixture();
        expect(await store.sum(view, where, fields, groupBy)).toEqual(rows);
      });
    });

    describe('commit', () => {
      const checkpoint = (position: string | undefined, projection = `${view}-p`) => ({ projection, ...(position === undefined ? {} : { position }), version: 3 });

      it('stores checkpoints with the batch, and moves them only forward', async () => {
        await loadFixture();
        expect(await store.checkpoint(`${view}-p`)).toBeUndefined();
        await store.commit({ ops: [], checkpoints: [checkpoint(undefined)] });
        expect(await store.checkpoint(`${view}-p`)).toEqual({ projection: `${view}-p`, version: 3 });
        expect(await store.commit({ ops: [put(view, 'r01', { id: 'r01' }, '9')], checkpoints: [checkpoint('9'), checkpoint('4', `${view}-q`)] })).toBe('applied');
        expect(await store.checkpoint(`${view}-p`)).toEqual({ projection: `${view}-p`, position: '9', version: 3 });
        expect(await store.checkpoint(`${view}-q`)).toEqual({ projection: `${view}-q`, position: '4', version: 3 });
        // 10 after 9: positions compare as numbers, not as text.
        await store.commit({ ops: [], checkpoints: [checkpoint('10'), checkpoint('3', `${view}-q`)] });
        expect((await store.checkpoint(`${view}-p`))?.position).toBe('10');
        expect((await store.checkpoint(`${view}-q`))?.position).toBe('4');
      });

      it('treats a batch whose checkpoints are all behind as already applied: a replay changes nothing', async () => {
        await loadFixture();
        const first: Batch = { ops: [put(view, 'n1', { id: 'n1', amount: 1 }, '10'), put(view, 'n2', { id: 'n2', amount: 1 }, '10')], checkpoints: [checkpoint('10')] };
        const second: Batch = { ops: [put(view, 'n1', { id: 'n1', amount: 2 }, '20'), del(view, 'n2', '20')], checkpoints: [checkpoint('20')] };
        expect(await store.commit(first)).toBe('applied');
        expect(await store.commit(second)).toBe('applied');
        expect(await store.commit(first)).toBe('stale');
        expect(await store.commit(second)).toBe('stale');
        expect(await store.get(view, 'n1')).toEqual({ id: 'n1', amount: 2 });
        expect(await store.get(view, 'n2')).toBeUndefined();
        expect((await store.checkpoint(`${view}-p`))?.position).toBe('20');
      });

      it('ignores a write from an older position than the stored document, even in a newer batch', async () => {
        await loadFixture();
        await store.commit({ ops: [put(view, 'n1', { id: 'n1', amount: 2 }, '20'), put(view, 'n3', { id: 'n3', amount: 3 }, '25')], checkpoints: [checkpoint('25')] });
        await store.commit({ ops: [put(view, 'n1', { id: 'n1', amount: 1 }, '15'), put(view, 'n1', { id: 'n1', amount: 0 }, '20'), del(view, 'n3', '24'), put(view, 'n4', { id: 'n4' }, '26')], checkpoints: [checkpoint('30')] });
        expect(await store.get(view, 'n1')).toEqual({ id: 'n1', amount: 2 });
        expect(await store.get(view, 'n3')).toEqual({ id: 'n3', amount: 3 });
        expect(await store.get(view, 'n4')).toEqual({ id: 'n4' });
        await store.commit({ ops: [put(view, 'n1', { id: 'n1', amount: 5 }, '31'), del(view, 'n3', '31')], checkpoints: [checkpoint('31')] });
        expect(await store.get(view, 'n1')).toEqual({ id: 'n1', amount: 5 });
        expect(await store.get(view, 'n3')).toBeUndefined();
      });

      it('leaves nothing of a batch that fails while writing, or converges when it is replayed', async () => {
        if (!subject.breakCheckpoints) {
          console.log(`skipped: ${name} cannot make a write fail mid-batch, so commit atomicity is unchecked`);
          return;
        }
        await loadFixture();
        await store.commit({ ops: [], checkpoints: [checkpoint('5')] });
        const batch: Batch = { ops: [put(view, 'n1', { id: 'n1', amount: 1 }, '6'), put(view, 'r01', { id: 'r01', amount: 6 }, '6'), del(view, 'r02', '6')], checkpoints: [checkpoint('6')] };
        const repair = await subject.breakCheckpoints();
        // Not toThrow(): a native driver's error class may come from another jest realm, and fail instanceof Error.
        await expect(store.commit(batch)).rejects.toHaveProperty('message');
        await repair();
        expect((await store.checkpoint(`${view}-p`))?.position).toBe('5');
        if (subject.atomic) {
          expect(await store.get(view, 'n1')).toBeUndefined();
          expect(await store.get(view, 'r01')).toEqual(FIXTURE_DOCS[0].doc);
          expect(await store.get(view, 'r02')).toEqual(FIXTURE_DOCS[1].doc);
        }
        expect(await store.commit(batch)).toBe('applied');
        expect(await store.get(view, 'n1')).toEqual({ id: 'n1', amount: 1 });
        expect(await store.get(view, 'r01')).toEqual({ id: 'r01', amount: 6 });
        expect(await store.get(view, 'r02')).toBeUndefined();
        expect((await store.checkpoint(`${view}-p`))?.position).toBe('6');
      });
    });

    describe('generations', () => {
      it('reads the active generation; a new one stays invisible until activated, then replaces it at once', async () => {
        const first = await loadFixture();
        const wider = definition({ fields: { ...FIXTURE_VIEW.fields, grade: 'string' } });
        const second = await store.createGeneration(wider);
        expect(second).toBe(first + 1);
        await store.commit({ ops: [put(view, 'g1', { id: 'g1', status: 'open', grade: 'A' }, '1', second)], checkpoints: [] });
        expect(await store.count(view)).toBe(12);
        expect(await store.get(view, 'g1')).toBeUndefined();
        await expect(store.find(view, { where: { grade: 'A' } })).rejects.toEqual(refused('UNKNOWN_FIELD'));
        // Unnamed writes go to the active generation.
        await store.commit({ ops: [put(view, 'r01', { id: 'r01', status: 'closed' }, '2')], checkpoints: [] });
        expect(await store.get(view, 'r01')).toEqual({ id: 'r01', status: 'closed' });

        await store.activate([{ view, generation: second }]);
        expect(ids((await store.find(view, { where: { grade: 'A' } })).items)).toEqual(['g1']);
        expect(await store.count(view)).toBe(1);
        expect(await store.getVersioned(view, 'r01', first)).toMatchObject({ doc: { id: 'r01', status: 'closed' } });
        expect(await store.generations(view)).toEqual({ view, active: second, lastCreated: second, generations: [{ generation: first, definition: definition() }, { generation: second, definition: wider }] });
      });

      it('never reuses a number, never drops the active generation, and names generations explicitly only upwards', async () => {
        const first = await loadFixture();
        const second = await store.createGeneration(definition());
        await expect(store.dropGeneration(view, first)).rejects.toEqual(refused('INVALID_QUERY'));
        await store.dropGeneration(view, second);
        await expect(store.getVersioned(view, 'r01', second)).rejects.toEqual(refused('UNKNOWN_VIEW'));
        expect(await store.createGeneration(definition())).toBe(second + 1);
        await expect(store.createGeneration(definition(), second + 1)).rejects.toEqual(refused('INVALID_DEFINITION'));
        expect(await store.createGeneration(definition(), second + 5)).toBe(second + 5);
        await expect(store.activate([{ view, generation: second }])).rejects.toEqual(refused('UNKNOWN_VIEW'));
        expect((await store.generations(view)).generations.map((g) => g.generation)).toEqual([first, second + 1, second + 5]);
      });

      it('answers the same from a generation written before its indexes were built, whether buildIndexes or activate builds them', async () => {
        for (const viaBuild of [true, false]) {
          const generation = await store.createGeneration(definition());
          // Written bare, the first half rewritten from another value of every indexed field, one document deleted and put back.
          await store.commit({ ops: FIXTURE_DOCS.map(({ id }) => put(view, id, { id, status: 'draft', amount: -1, debtor: 'zz' }, '1', generation)), checkpoints: [] });
          await store.commit({ ops: [...FIXTURE_DOCS.slice(0, 6).map(({ id, doc }) => put(view, id, doc, '2', generation)), del(view, 'r12', '2', generation)], checkpoints: [] });
          if (viaBuild) {
            await store.buildIndexes([{ view, generation }]);
            await store.buildIndexes([{ view, generation }]);
          }
          // And after the indexes exist (or before activate builds them), the rest.
          await store.commit({ ops: FIXTURE_DOCS.slice(6).map(({ id, doc }) => put(view, id, doc, '3', generation)), checkpoints: [] });
          await store.activate([{ view, generation }]);
          for (const { where, ids: expected } of FIND_CASES) expect(ids((await store.find(view, { where, limit: 500 })).items)).toEqual(expected);
          for (const { sort, where, ids: expected } of SORT_CASES) expect(await pageThrough((cursor) => store.find(view, { where, sort, limit: 2, cursor }), 2)).toEqual(expected);
        }
      });

      it('switches several views in one activation', async () => {
        const other = `${view}_b`;
        const [a, b] = [await store.createGeneration(definition()), await store.createGeneration(definition({ name: other }))];
        await store.commit({ ops: [put(view, 'x', { id: 'x' }, '1', a), put(other, 'y', { id: 'y' }, '1', b)], checkpoints: [] });
        await store.activate([{ view, generation: a }, { view: other, generation: b }]);
        expect([await store.get(view, 'x'), await store.get(other, 'y')]).toEqual([{ id: 'x' }, { id: 'y' }]);
      });

      it('reads a view whose first generation is still being built as empty, and refuses a view never created', async () => {
        const generation = await store.createGeneration(definition());
        await store.commit({ ops: [put(view, 'x', { id: 'x', amount: 1 }, '1', generation)], checkpoints: [] });
        expect(await store.get(view, 'x')).toBeUndefined();
        expect(await store.getMany(view, ['x'])).toEqual(new Map());
        expect(await store.find(view, { where: { amount: 1 } })).toEqual({ items: [] });
        expect(await store.count(view)).toBe(0);
        expect(await store.sum(view, undefined, ['amount'])).toEqual([{ count: 0, sums: { amount: 0 } }]);
        await expect(store.find(view, { where: { nope: 1 } })).rejects.toEqual(refused('UNKNOWN_FIELD'));
        await expect(store.commit({ ops: [put(view, 'y', { id: 'y' }, '2')], checkpoints: [] })).rejects.toEqual(refused('UNKNOWN_VIEW'));
        await expect(store.get(`${view}_none`, 'x')).rejects.toEqual(refused('UNKNOWN_VIEW'));
        await expect(store.createGeneration({ name: 'bad__name', fields: {} })).rejects.toEqual(refused('INVALID_DEFINITION'));
      });
    });

    describe('refusals', () => {
      it.each(REFUSED_QUERIES)('refuses $name', async ({ query, count, sum, code }) => {
        await loadFixture();
        const attempt = sum ? store.sum(view, undefined, sum.fields, sum.groupBy) : count ? store.count(view, count) : store.find(view, query);
        await expect(attempt).rejects.toBeInstanceOf(ReadStoreQueryError);
        await expect(attempt).rejects.toEqual(refused(code));
      });
    });
  });
}
