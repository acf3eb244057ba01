import Database from 'better-sqlite3';
import { isStaleBatch, sortablePosition } from '../positions';
import {
  Batch,
  Checkpoint,
  CommitResult,
  FieldValue,
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
  WriteOp,
} from '../readstore.port';
import { generationName, indexedValues, validateDefinition } from '../view-definition';
import { checkSum, normalizeQuery, normalizeWhere, pageOf } from '../view-query';
import { bind, countSql, createIndexesSql, createTableSql, deleteSql, findSql, indexedColumnsSql, quote, sumSql, updateSql, upsertSql } from './sqlite-sql';

export interface SqliteReadStoreOptions {
  /** Its own file (e.g. `<DATA_DIR>/views.sqlite`), or ':memory:'. */
  readonly file: string;
  /** How positions sort; must match the event store's layout. */
  readonly positionKey?: (position: LogPosition | undefined) => string;
  readonly busyTimeoutMs?: number;
}

const META = `
  CREATE TABLE IF NOT EXISTS _views (view TEXT PRIMARY KEY, last_generation INTEGER NOT NULL, active INTEGER) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS _generations (view TEXT NOT NULL, generation INTEGER NOT NULL, definition TEXT NOT NULL, PRIMARY KEY (view, generation)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS _checkpoints (projection TEXT PRIMARY KEY, position TEXT, position_key TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
`;

const STATEMENTS_PER_TABLE = 200;

interface TableWriter {
  readonly table: string;
  readonly definition: ViewDefinition;
  readonly fields: readonly string[];
  readonly upsert: Database.Statement;
  /** The stored row's indexed columns, to rewrite only those that change. */
  readonly stored: Database.Statement;
  readonly delete: Database.Statement;
}

/** Where a read goes: the active generation's table, or none (created but never activated). */
interface ReadTarget {
  readonly definition: ViewDefinition;
  readonly table?: string;
}

/**
 * The embedded read store: one SQLite file in WAL mode, one table per view generation with a
 * column per indexed field beside the document's JSON. A batch and its checkpoints commit in
 * one transaction. `synchronous = NORMAL`: a power cut may lose the last commits, never half
 * of one, and the projector replays them from the checkpoint that survived.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly positionKey: (position: LogPosition | undefined) => string;
  /** Definitions never change once a generation exists. */
  private readonly definitions = new Map<string, ViewDefinition>();
  private readonly statements = new Map<string, Map<string, Database.Statement>>();
  private readonly writers = new Map<string, TableWriter>();
  /** Tables still without their secondary indexes: a generation being built, written by plain upserts. */
  private readonly unindexed = new Set<string>();
  private readonly meta;
  private readonly commitNow;

  static open(options: SqliteReadStoreOptions): SqliteReadStore {
    return new SqliteReadStore(options);
  }

  constructor(options: SqliteReadStoreOptions) {
    this.db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // 64 MiB of page cache (the default is 2 MiB): a batch rewrites documents spread over every
    // index of a large view, and pages read back from the OS on each write made rebuilds 1.2–2.5× slower.
    this.db.pragma('cache_size = -65536');
    this.db.exec(META);
    this.positionKey = options.positionKey ?? sortablePosition;
    this.meta = {
      view: this.db.prepare('SELECT last_generation, active FROM _views WHERE view = ?').raw(),
      generations: this.db.prepare('SELECT generation, definition FROM _generations WHERE view = ? ORDER BY generation').raw(),
      definition: this.db.prepare('SELECT definition FROM _generations WHERE view = ? AND generation = ?').pluck(),
      latest: this.db.prepare('SELECT generation FROM _generations WHERE view = ? ORDER BY generation DESC LIMIT 1').pluck(),
      upsertView: this.db.prepare('INSERT INTO _views (view, last_generation) VALUES (?, ?) ON CONFLICT (view) DO UPDATE SET last_generation = excluded.last_generation'),
      insertGeneration: this.db.prepare('INSERT INTO _generations (view, generation, definition) VALUES (?, ?, ?)'),
      activate: this.db.prepare('UPDATE _views SET active = ? WHERE view = ?'),
      indexCount: this.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_autoindex%'").pluck(),
      deleteGeneration: this.db.prepare('DELETE FROM _generations WHERE view = ? AND generation = ?'),
      checkpoint: this.db.prepare('SELECT projection, position, version FROM _checkpoints WHERE projection = ?'),
      checkpointKey: this.db.prepare('SELECT position_key FROM _checkpoints WHERE projection = ?').pluck(),
      saveCheckpoint: this.db.prepare(
        'INSERT INTO _checkpoints (projection, position, position_key, version) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (projection) DO UPDATE SET position = excluded.position, position_key = excluded.position_key, version = excluded.version ' +
          'WHERE excluded.position_key > _checkpoints.position_key',
      ),
    };
    this.commitNow = this.db.transaction((batch: Batch): CommitResult => {
      const keys = batch.checkpoints.map((c) => this.meta.checkpointKey.get(c.projection) as string | undefined);
      if (isStaleBatch(batch.checkpoints, keys, this.positionKey)) return 'stale';
      for (const op of batch.ops) this.write(op);
      for (const c of batch.checkpoints) this.meta.saveCheckpoint.run(c.projection, c.position ?? null, this.positionKey(c.position), c.version);
      return 'applied';
    });
  }

  async get<D = ViewDocument>(view: string, id: string): Promise<D | undefined> {
    const { table } = this.readTarget(view);
    if (!table) return undefined;
    const doc = this.statement(table, `SELECT doc FROM ${quote(table)} WHERE id = ?`).pluck().get(id) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as D);
  }

  async getMany<D = ViewDocument>(view: string, ids: readonly string[]): Promise<Map<string, D>> {
    const { table } = this.readTarget(view);
    const found = new Map<string, D>();
    if (!table || ids.length === 0) return found;
    const rows = this.statement(table, `SELECT id, doc FROM ${quote(table)} WHERE id IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(ids)) as [string, string][];
    for (const [id, doc] of rows) found.set(id, JSON.parse(doc) as D);
    return found;
  }

  async find<D = ViewDocument>(view: string, query?: Query): Promise<Page<D>> {
    const { definition, table } = this.readTarget(view);
    const normalized = normalizeQuery(definition, query);
    if (!table) return { items: [] };
    const { sql, params } = findSql(table, normalized);
    const rows = this.statement(table, sql).raw().all(...params) as [string, string][];
    return pageOf<D>(rows.map(([id, doc]) => ({ id, doc: JSON.parse(doc) as ViewDocument })), normalized);
  }

  async count(view: string, where?: Where): Promise<number> {
    const { definition, table } = this.readTarget(view);
    const predicates = normalizeWhere(definition, where);
    if (!table) return 0;
    const { sql, params } = countSql(table, predicates);
    return this.statement(table, sql).pluck().get(...params) as number;
  }

  async sum(view: string, where: Where | undefined, fields: readonly string[], groupBy?: string): Promise<SumRow[]> {
    const { definition, table } = this.readTarget(view);
    const predicates = normalizeWhere(definition, where);
    checkSum(definition, fields, groupBy);
    if (!table) return groupBy === undefined ? [{ count: 0, sums: Object.fromEntries(fields.map((f) => [f, 0])) }] : [];
    const { sql, params } = sumSql(table, predicates, fields, groupBy);
    const rows = this.statement(table, sql).raw().all(...params) as (FieldValue | null)[][];
    const isBoolean = groupBy !== undefined && definition.fields[groupBy] === 'boolean';
    return rows.map((row) => {
      const [group, count, ...totals] = groupBy === undefined ? [undefined, ...row] : row;
      const sums = Object.fromEntries(fields.map((field, i) => [field, totals[i] as number]));
      if (groupBy === undefined) return { count: count as number, sums };
      return { group: isBoolean && group !== null ? group === 1 : (group as FieldValue | null), count: count as number, sums };
    });
  }

  async commit(batch: Batch): Promise<CommitResult> {
    return this.commitNow.immediate(batch);
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    const row = this.meta.checkpoint.get(projection) as { projection: string; position: string | null; version: number } | undefined;
    if (!row) return undefined;
    return row.position === null ? { projection: row.projection, version: row.version } : { projection: row.projection, position: row.position, version: row.version };
  }

  async getVersioned<D = ViewDocument>(view: string, id: string, generation: number): Promise<VersionedDocument<D> | undefined> {
    const table = this.generationTable(view, generation);
    const row = this.statement(table, `SELECT doc, position FROM ${quote(table)} WHERE id = ?`).raw().get(id) as [string, string] | undefined;
    return row && { doc: JSON.parse(row[0]) as D, position: row[1] };
  }

  async createGeneration(definition: ViewDefinition, generation?: number): Promise<number> {
    validateDefinition(definition);
    return this.db.transaction(() => {
      const last = (this.meta.view.get(definition.name) as [number, number | null] | undefined)?.[0] ?? 0;
      const number = generation ?? last + 1;
      if (!Number.isInteger(number) || number <= last) throw new ReadStoreQueryError('INVALID_DEFINITION', `view ${definition.name}: generation ${number} must exceed ${last}`);
      this.meta.upsertView.run(definition.name, number);
      this.meta.insertGeneration.run(definition.name, number, JSON.stringify(definition));
      // Bare: a rebuild fills it by primary key alone, and its indexes are built once it caught up
      // (buildIndexes, or at the latest activate) — sorting a full table beats maintaining 10+ indexes on every write.
      const table = generationName(definition.name, number);
      this.db.exec(createTableSql(table, definition));
      this.definitions.set(table, definition);
      this.unindexed.add(table);
      return number;
    }).immediate();
  }

  async generations(view: string): Promise<ViewGenerations> {
    const row = this.meta.view.get(view) as [number, number | null] | undefined;
    const generations = (this.meta.generations.all(view) as [number, string][]).map(([generation, definition]) => ({ generation, definition: JSON.parse(definition) as ViewDefinition }));
    return { view, lastCreated: row?.[0] ?? 0, generations, ...(row?.[1] != null ? { active: row[1] } : {}) };
  }

  async buildIndexes(targets: readonly GenerationRef[]): Promise<void> {
    for (const { view, generation } of targets) {
      const table = this.generationTable(view, generation);
      if (!this.unindexed.has(table)) continue;
      // One index per turn of the event loop: queries and appends get their turn between them.
      for (const sql of createIndexesSql(table, this.definitions.get(table) as ViewDefinition)) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (!this.unindexed.has(table)) break; // dropped meanwhile
        this.db.exec(sql);
      }
      this.unindexed.delete(table);
    }
  }

  async activate(targets: readonly GenerationRef[]): Promise<void> {
    this.db.transaction(() => {
      for (const { view, generation } of targets) {
        const table = this.generationTable(view, generation);
        if (this.unindexed.has(table)) for (const sql of createIndexesSql(table, this.definitions.get(table) as ViewDefinition)) this.db.exec(sql);
        this.meta.activate.run(generation, view);
      }
    }).immediate();
    for (const { view, generation } of targets) this.unindexed.delete(generationName(view, generation));
  }

  async dropGeneration(view: string, generation: number): Promise<void> {
    const table = generationName(view, generation);
    this.db.transaction(() => {
      const row = this.meta.view.get(view) as [number, number | null] | undefined;
      if (row?.[1] === generation) throw new ReadStoreQueryError('INVALID_QUERY', `view ${view}: generation ${generation} is active, it cannot be dropped`);
      this.statements.delete(table);
      this.writers.delete(table);
      this.definitions.delete(table);
      this.unindexed.delete(table);
      this.db.exec(`DROP TABLE IF EXISTS ${quote(table)}`);
      this.meta.deleteGeneration.run(view, generation);
    }).immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private write(op: WriteOp): void {
    const generation = op.generation ?? this.activeGeneration(op.view);
    const writer = this.writer(this.generationTable(op.view, generation));
    const key = this.positionKey(op.position);
    if (!('put' in op)) {
      writer.delete.run(op.delete, key);
      return;
    }
    const values = indexedValues(writer.definition, op.put.id, op.put.doc).map((value) => (value === null ? null : bind(value)));
    const doc = JSON.stringify(op.put.doc);
    const stored = this.unindexed.has(writer.table) ? undefined : (writer.stored.get(op.put.id) as unknown[] | undefined);
    if (!stored) {
      writer.upsert.run(op.put.id, doc, op.position, key, ...values);
      return;
    }
    // Values come back as they were bound (REAL, INTEGER 0/1, TEXT), so === tells an unchanged column.
    const changed = writer.fields.filter((_, i) => values[i] !== stored[i + 1]);
    const changedValues = values.filter((value, i) => value !== stored[i + 1]);
    this.statement(writer.table, updateSql(writer.table, changed)).run(doc, op.position, key, ...changedValues, op.put.id, key);
  }

  /** The statements every write to a table uses, prepared once. */
  private writer(table: string): TableWriter {
    let writer = this.writers.get(table);
    if (!writer) {
      const definition = this.definitions.get(table) as ViewDefinition;
      writer = {
        table,
        definition,
        fields: Object.keys(definition.fields),
        upsert: this.db.prepare(upsertSql(table, definition)),
        stored: this.db.prepare(indexedColumnsSql(table, definition)).raw(),
        delete: this.db.prepare(deleteSql(table)),
      };
      this.writers.set(table, writer);
    }
    return writer;
  }

  private activeGeneration(view: string): number {
    const row = this.meta.view.get(view) as [number, number | null] | undefined;
    if (row?.[1] == null) throw new ReadStoreQueryError('UNKNOWN_VIEW', `view ${view} has no active generation to write to`);
    return row[1];
  }

  /** The table of an existing generation, its definition cached on the way. */
  private generationTable(view: string, generation: number): string {
    const table = generationName(view, generation);
    if (!this.definitions.has(table)) {
      const definition = this.meta.definition.get(view, generation) as string | undefined;
      if (definition === undefined) throw new ReadStoreQueryError('UNKNOWN_VIEW', `view ${view} has no generation ${generation}`);
      const parsed = JSON.parse(definition) as ViewDefinition;
      this.definitions.set(table, parsed);
      // Opened after a restart: a generation whose indexes were never finished is still being built.
      if ((this.meta.indexCount.get(table) as number) < createIndexesSql(table, parsed).length) this.unindexed.add(table);
    }
    return table;
  }

  private readTarget(view: string): ReadTarget {
    const row = this.meta.view.get(view) as [number, number | null] | undefined;
    if (row?.[1] != null) {
      const table = this.generationTable(view, row[1]);
      return { definition: this.definitions.get(table) as ViewDefinition, table };
    }
    // Created but not yet active (its first build is running): checked against the newest definition, read as empty.
    const latest = row && (this.meta.latest.get(view) as number | undefined);
    if (latest === undefined) throw new ReadStoreQueryError('UNKNOWN_VIEW', `view ${view} does not exist`);
    return { definition: this.definitions.get(this.generationTable(view, latest)) as ViewDefinition };
  }

  /** Prepared once per SQL text; the per-table cache is bounded because `in` lists and sorts vary. */
  private statement(table: string, sql: string): Database.Statement {
    let cache = this.statements.get(table);
    if (!cache) this.statements.set(table, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= STATEMENTS_PER_TABLE) cache.delete(cache.keys().next().value as string);
      statement = this.db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }
}
