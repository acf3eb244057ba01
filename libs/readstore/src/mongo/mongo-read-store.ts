// Types only: the driver is loaded by connect(), so importing the port does not cost its start-up.
import type { AnyBulkWriteOperation, ClientSession, Db, MongoClient } from 'mongodb';
import { isStaleBatch, sortablePosition } from '../positions';
import {
  Batch,
  Checkpoint,
  CommitResult,
  GenerationRef,
  LogPosition,
  Page,
  Query,
  ReadStore,
  ReadStoreQueryError,
  SumRow,
  VersionedDocument,
  ViewDefinition,
  ViewDocument,
  ViewGenerations,
  Where,
} from '../readstore.port';
import { generationName, indexedValues, validateDefinition } from '../view-definition';
import { checkSum, normalizeQuery, normalizeWhere, pageOf } from '../view-query';
import {
  StoredCheckpoint,
  StoredViewDocument,
  buildFilter,
  buildFindPlan,
  buildIndexSpecs,
  buildSumPipeline,
  checkpointModel,
  parseSumRows,
  purgeFilter,
  putModel,
  tombstoneModel,
} from './mongo-queries';

export interface MongoReadStoreOptions {
  /** `mongodb://…` or `mongodb+srv://…`. */
  readonly url: string;
  /** Default: the URL's database; `trade_credit` when the URL names none. */
  readonly database?: string;
  /** The driver waits 30 s by default: a missing server would stall boot and tests. */
  readonly serverSelectionTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** `auto`: use transactions when the server is a replica set or sharded. */
  readonly transactions?: 'auto' | 'always' | 'never';
  /** How positions sort; must match the event store's layout. */
  readonly positionKey?: (position: LogPosition | undefined) => string;
}

/** `_meta` holds one `active` document (every view's active generation, switched in one update), a counter per view and a definition per generation. */
interface MetaDocument {
  _id: string;
  kind?: 'view' | 'generation';
  view?: string;
  views?: Record<string, number>;
  lastCreated?: number;
  generation?: number;
  /** JSON text: field paths hold dots, which older servers refuse as keys. */
  definition?: string;
}

/** Per collection: the bulk operations in batch order, and the ids deleted (their tombstones are purged after the checkpoint). */
interface WritePlan {
  readonly models: Map<string, AnyBulkWriteOperation<StoredViewDocument>[]>;
  readonly deleted: Map<string, string[]>;
}

/** A server error's code, without the driver's class (not loaded until connect). */
const hasCode = (error: unknown, code: number) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const NAMESPACE_EXISTS = 48;

/**
 * The production read store: a collection per view generation with the declared indexes, a
 * bulkWrite per batch, checkpoints in `_checkpoints`. On a replica set a batch and its
 * checkpoints commit in one transaction. On a standalone server they cannot: every document
 * then carries the position it was last written at, and a write from an older position is
 * ignored by the server itself, so a replay after a crash converges.
 */
export class MongoReadStore implements ReadStore {
  private readonly definitions = new Map<string, ViewDefinition>();
  private readonly positionKey: (position: LogPosition | undefined) => string;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether batches commit in a transaction. */
    readonly transactional: boolean,
    options: MongoReadStoreOptions,
  ) {
    this.positionKey = options.positionKey ?? sortablePosition;
  }

  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 3_000,
      connectTimeoutMS: options.connectTimeoutMs ?? 3_000,
      ignoreUndefined: true,
    });
    try {
      await client.connect();
      const db = options.database ? client.db(options.database) : client.db(client.options.dbName === 'test' ? 'trade_credit' : undefined);
      const hello = await db.admin().command({ hello: 1 });
      const canTransact = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      const mode = options.transactions ?? 'auto';
      if (mode === 'always' && !canTransact) throw new Error('MongoDB read store: transactions required, but the server is neither a replica set nor sharded');
      // Created up front: a transaction must not be the first to touch it.
      await db.createCollection('_checkpoints').catch((error: unknown) => {
        if (!hasCode(error, NAMESPACE_EXISTS)) throw error;
      });
      return new MongoReadStore(client, db, mode !== 'never' && canTransact, options);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async get<D = ViewDocument>(view: string, id: string): Promise<D | undefined> {
    const { collection } = await this.readTarget(view);
    if (!collection) return undefined;
    const found = await this.views(collection).findOne(buildFilter([], { _id: id }), { projection: { doc: 1 } });
    return found?.doc as D | undefined;
  }

  async getMany<D = ViewDocument>(view: string, ids: readonly string[]): Promise<Map<string, D>> {
    const { collection } = await this.readTarget(view);
    const found = new Map<string, D>();
    if (!collection || ids.length === 0) return found;
    for await (const row of this.views(collection).find(buildFilter([], { _id: { $in: [...ids] } }), { projection: { doc: 1 } })) found.set(row._id, row.doc as D);
    return found;
  }

  async find<D = ViewDocument>(view: string, query?: Query): Promise<Page<D>> {
    const { definition, collection } = await this.readTarget(view);
    const normalized = normalizeQuery(definition, query);
    if (!collection) return { items: [] };
    const plan = buildFindPlan(normalized);
    const rows = await this.views(collection).find(plan.filter, { sort: plan.sort, limit: plan.limit, projection: { doc: 1 } }).toArray();
    return pageOf<D>(rows.map((row) => ({ id: row._id, doc: row.doc as ViewDocument })), normalized);
  }

  async count(view: string, where?: Where): Promise<number> {
    const { definition, collection } = await this.readTarget(view);
    const predicates = normalizeWhere(definition, where);
    return collection ? this.views(collection).countDocuments(buildFilter(predicates)) : 0;
  }

  async sum(view: string, where: Where | undefined, fields: readonly string[], groupBy?: string): Promise<SumRow[]> {
    const { definition, collection } = await this.readTarget(view);
    const predicates = normalizeWhere(definition, where);
    checkSum(definition, fields, groupBy);
    const rows = collection ? await this.views(collection).aggregate(buildSumPipeline(predicates, fields, groupBy)).toArray() : [];
    return parseSumRows(rows, fields, groupBy);
  }

  async commit(batch: Batch): Promise<CommitResult> {
    // Checked and resolved before anything is written, so a refused batch writes nothing even without a transaction.
    const plan = await this.plan(batch);
    if (!this.transactional) return this.write(batch, plan);
    return this.client.withSession((session) => session.withTransaction(() => this.write(batch, plan, session)));
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    const stored = await this.checkpoints().findOne({ _id: projection });
    if (!stored) return undefined;
    return { projection, ...(stored.position === undefined ? {} : { position: stored.position }), version: stored.version };
  }

  async getVersioned<D = ViewDocument>(view: string, id: string, generation: number): Promise<VersionedDocument<D> | undefined> {
    const collection = await this.generationCollection(view, generation);
    const stored = await this.views(collection).findOne({ _id: id });
    return stored ? { doc: stored.doc as D | undefined, position: stored._at } : undefined;
  }

  async createGeneration(definition: ViewDefinition, generation?: number): Promise<number> {
    validateDefinition(definition);
    const view = definition.name;
    const number = generation === undefined ? await this.nextGeneration(view) : await this.claimGeneration(view, generation);
    // Registered before the collection exists: a crash in between leaves a generation the projector drops at start, never an unknown collection.
    await this.meta().insertOne({ _id: `generation:${view}:${number}`, kind: 'generation', view, generation: number, definition: JSON.stringify(definition) });
    const name = generationName(view, number);
    await this.db.createCollection(name);
    return number;
  }

  async buildIndexes(targets: readonly GenerationRef[]): Promise<void> {
    // createIndexes is a no-op for an index that exists with the same key and name.
    for (const { view, generation } of targets) {
      const name = await this.generationCollection(view, generation);
      await this.db.collection(name).createIndexes(buildIndexSpecs(this.definitions.get(name) as ViewDefinition).map((spec) => ({ key: spec.key, name: spec.name })));
    }
  }

  async generations(view: string): Promise<ViewGenerations> {
    const [counter, active, generations] = await Promise.all([
      this.meta().findOne({ _id: `view:${view}` }),
      this.activeGeneration(view),
      this.meta().find({ kind: 'generation', view }).sort({ generation: 1 }).toArray(),
    ]);
    return {
      view,
      lastCreated: counter?.lastCreated ?? 0,
      generations: generations.map((g) => ({ generation: g.generation as number, definition: JSON.parse(g.definition as string) as ViewDefinition })),
      ...(active === undefined ? {} : { active }),
    };
  }

  async activate(targets: readonly GenerationRef[]): Promise<void> {
    await this.buildIndexes(targets);
    // One document holds every view's active generation: switching several is one atomic update.
    await this.meta().updateOne({ _id: 'active' }, { $set: Object.fromEntries(targets.map(({ view, generation }) => [`views.${view}`, generation])) }, { upsert: true });
  }

  async dropGeneration(view: string, generation: number): Promise<void> {
    if ((await this.activeGeneration(view)) === generation) throw new ReadStoreQueryError('INVALID_QUERY', `view ${view}: generation ${generation} is active, it cannot be dropped`);
    const name = generationName(view, generation);
    try {
      await this.db.dropCollection(name);
    } catch (error) {
      if (!hasCode(error, NAMESPACE_NOT_FOUND)) throw error;
    }
    this.definitions.delete(name);
    await this.meta().deleteOne({ _id: `generation:${view}:${generation}` });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async write(batch: Batch, { models, deleted }: WritePlan, session?: ClientSession): Promise<CommitResult> {
    const ids = batch.checkpoints.map((c) => c.projection);
    const stored = new Map((await this.checkpoints().find({ _id: { $in: ids } }, { session }).toArray()).map((c) => [c._id, c._position]));
    if (isStaleBatch(batch.checkpoints, ids.map((id) => stored.get(id)), this.positionKey)) return 'stale';
    for (const [collection, operations] of models) await this.views(collection).bulkWrite(operations, { ordered: true, session });
    if (batch.checkpoints.length > 0) {
      await this.checkpoints().bulkWrite(batch.checkpoints.map((c) => checkpointModel(c, this.positionKey(c.position))), { ordered: true, session });
    }
    for (const [collection, ids] of deleted) await this.views(collection).deleteMany(purgeFilter(ids), { session });
    return 'applied';
  }

  private async plan(batch: Batch): Promise<WritePlan> {
    const models: WritePlan['models'] = new Map();
    const deleted: WritePlan['deleted'] = new Map();
    const add = <T>(map: Map<string, T[]>, collection: string, item: T) => (map.get(collection) ?? map.set(collection, []).get(collection))?.push(item);
    for (const op of batch.ops) {
      const generation = op.generation ?? (await this.activeGeneration(op.view));
      if (generation === undefined) throw new ReadStoreQueryError('UNKNOWN_VIEW', `view ${op.view} has no active generation to write to`);
      const collection = await this.generationCollection(op.view, generation);
      const key = this.positionKey(op.position);
      if ('put' in op) {
        indexedValues(this.definitions.get(collection) as ViewDefinition, op.put.id, op.put.doc);
        add(models, collection, putModel(op.put.id, op.put.doc, op.position, key) as AnyBulkWriteOperation<StoredViewDocument>);
      } else {
        add(models, collection, tombstoneModel(op.delete, op.position, key) as AnyBulkWriteOperation<StoredViewDocument>);
        add(deleted, collection, op.delete);
      }
    }
    return { models, deleted };
  }

  private async activeGeneration(view: string): Promise<number | undefined> {
    const active = await this.meta().findOne({ _id: 'active' }, { projection: { [`views.${view}`]: 1 } });
    return active?.views?.[view];
  }

  private async generationCollection(view: string, generation: number): Promise<string> {
    const name = generationName(view, generation);
    if (!this.definitions.has(name)) {
      const found = await this.meta().findOne({ _id: `generation:${view}:${generation}` });
      if (!found?.definition) throw new ReadStoreQueryError('UNKNOWN_VIEW', `view ${view} has no generation ${generation}`);
      this.definitions.set(name, JSON.parse(found.definition) as ViewDefinition);
    }
    return name;
  }

  private async readTarget(view: string): Promise<{ definition: ViewDefinition; collection?: string }> {
    const active = await this.activeGeneration(view);
    if (active !== undefined) {
      const collection = await this.generationCollection(view, active);
      return { definition: this.definitions.get(collection) as ViewDefinition, collection };
    }
    const [latest] = await this.meta().find({ kind: 'generation', view }).sort({ generation: -1 }).limit(1).toArray();
    if (!latest?.definition) throw new ReadStoreQueryError('UNKNOWN_VIEW', `view ${view} does not exist`);
    return { definition: JSON.parse(latest.definition) as ViewDefinition };
  }

  private async nextGeneration(view: string): Promise<number> {
    const counter = await this.meta().findOneAndUpdate({ _id: `view:${view}` }, { $inc: { lastCreated: 1 }, $set: { kind: 'view', view } }, { upsert: true, returnDocument: 'after' });
    return counter?.lastCreated as number;
  }

  /** Takes an explicit number only if it exceeds every number used: the filter misses, the upsert collides. */
  private async claimGeneration(view: string, generation: number): Promise<number> {
    if (!Number.isInteger(generation) || generation < 1) throw new ReadStoreQueryError('INVALID_DEFINITION', `generation ${generation} is not a positive integer`);
    try {
      await this.meta().updateOne({ _id: `view:${view}`, lastCreated: { $lt: generation } }, { $set: { lastCreated: generation, kind: 'view', view } }, { upsert: true });
      return generation;
    } catch (error) {
      if (hasCode(error, DUPLICATE_KEY)) {
        throw new ReadStoreQueryError('INVALID_DEFINITION', `view ${view}: generation ${generation} does not exceed every generation created`);
      }
      throw error;
    }
  }

  private meta() {
    return this.db.collection<MetaDocument>('_meta');
  }

  private checkpoints() {
    return this.db.collection<StoredCheckpoint>('_checkpoints');
  }

  private views(collection: string) {
    return this.db.collection<StoredViewDocument>(collection);
  }
}
