import { FieldType, FieldValue, ViewDefinition } from '../readstore.port';
import { KeysetAfter, NormalizedQuery, NormalizedSort, Predicate } from '../view-query';

/**
 * SQL text for one view generation, built only from checked names (view and field names match
 * strict patterns, see view-definition.ts); every value is a bound parameter. The text depends
 * on the query's shape alone, so statements are prepared once and cached.
 */
export interface Sql {
  readonly sql: string;
  readonly params: unknown[];
}

export const quote = (name: string) => `"${name}"`;
export const column = (field: string) => (field === 'id' ? 'id' : quote(`f_${field}`));

const AFFINITY: Record<FieldType, string> = { string: 'TEXT', number: 'REAL', date: 'TEXT', boolean: 'INTEGER' };

/** better-sqlite3 binds no booleans; SQLite stores them as 0/1, which also sort false < true. */
export const bind = (value: FieldValue): string | number => (typeof value === 'boolean' ? Number(value) : value);

export function createTableSql(table: string, definition: ViewDefinition): string {
  const fields = Object.entries(definition.fields).map(([field, type]) => `${column(field)} ${AFFINITY[type]}`);
  return `CREATE TABLE ${quote(table)} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, position TEXT NOT NULL, position_key TEXT NOT NULL${fields.map((f) => `, ${f}`).join('')})`;
}

/** The secondary indexes of a generation's table: one per field and one per compound, each ending in id (keyset paging orders by (field, id)). */
export function createIndexesSql(table: string, definition: ViewDefinition): string[] {
  const indexes = [...Object.keys(definition.fields).map((field) => [field]), ...(definition.compound ?? [])];
  return indexes.map((fields, i) => `CREATE INDEX IF NOT EXISTS ${quote(`${table}__i${i}`)} ON ${quote(table)} (${[...fields.map(column), 'id'].join(', ')})`);
}

/** Writes a document unless the stored one comes from a later (or the same) event. */
export function upsertSql(table: string, definition: ViewDefinition): string {
  const columns = ['doc', 'position', 'position_key', ...Object.keys(definition.fields).map(column)];
  return (
    `INSERT INTO ${quote(table)} (id, ${columns.join(', ')}) VALUES (${Array(columns.length + 1).fill('?').join(', ')}) ` +
    `ON CONFLICT (id) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')} WHERE excluded.position_key > ${quote(table)}.position_key`
  );
}

/** The stored row's indexed columns, in definition order (after a constant, so that a row with none is still found). */
export const indexedColumnsSql = (table: string, definition: ViewDefinition) =>
  `SELECT ${['1', ...Object.keys(definition.fields).map(column)].join(', ')} FROM ${quote(table)} WHERE id = ?`;

/**
 * Rewrites an existing document and only the indexed columns named. SQLite maintains every
 * index that covers a column in the SET list, even when its value is unchanged, so naming the
 * unchanged ones would rewrite all of a view's indexes on every write. Same rule as the upsert:
 * not over a document from a later (or the same) event.
 */
export function updateSql(table: string, changed: readonly string[]): string {
  const columns = ['doc', 'position', 'position_key', ...changed.map(column)];
  return `UPDATE ${quote(table)} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND position_key < ?`;
}

export const deleteSql = (table: string) => `DELETE FROM ${quote(table)} WHERE id = ? AND position_key < ?`;

function predicateSql(predicate: Predicate, params: unknown[]): string {
  const col = column(predicate.field);
  switch (predicate.op) {
    case 'null':
      return `${col} IS NULL`;
    case 'in':
      // One parameter whatever the list's length, so the statement shape stays the same.
      params.push(JSON.stringify(predicate.values));
      return `${col} IN (SELECT value FROM json_each(?))`;
    default:
      params.push(bind(predicate.value));
      return `${col} ${{ eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[predicate.op]} ?`;
  }
}

/** Strictly after the previous page's last row in (field, id) order; NULLs sort first, as in MongoDB. */
function keysetSql(sort: NormalizedSort, after: KeysetAfter, params: unknown[]): string {
  const asc = sort.direction === 'asc';
  const idCmp = asc ? '>' : '<';
  if (sort.field === 'id') {
    params.push(after.id);
    return `id ${idCmp} ?`;
  }
  const col = column(sort.field);
  if (after.value === null) {
    params.push(after.id);
    return asc ? `((${col} IS NULL AND id > ?) OR ${col} IS NOT NULL)` : `(${col} IS NULL AND id < ?)`;
  }
  const value = bind(after.value);
  params.push(value, value, after.id);
  return `(${col} ${idCmp} ? OR (${col} = ? AND id ${idCmp} ?)${asc ? '' : ` OR ${col} IS NULL`})`;
}

/** Clauses and their parameters are produced in the same order, so `?` and value always line up. */
function whereSql(predicates: readonly Predicate[], params: unknown[], keyset?: { sort: NormalizedSort; after: KeysetAfter }): string {
  const clauses = predicates.map((predicate) => predicateSql(predicate, params));
  if (keyset) clauses.push(keysetSql(keyset.sort, keyset.after, params));
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
}

export function findSql(table: string, query: NormalizedQuery): Sql {
  const params: unknown[] = [];
  const where = whereSql(query.predicates, params, query.after && { sort: query.sort, after: query.after });
  const dir = query.sort.direction.toUpperCase();
  const order = query.sort.field === 'id' ? `id ${dir}` : `${column(query.sort.field)} ${dir}, id ${dir}`;
  params.push(query.limit + 1);
  return { sql: `SELECT id, doc FROM ${quote(table)}${where} ORDER BY ${order} LIMIT ?`, params };
}

export function countSql(table: string, predicates: readonly Predicate[]): Sql {
  const params: unknown[] = [];
  return { sql: `SELECT count(*) FROM ${quote(table)}${whereSql(predicates, params)}`, params };
}

/** Columns: [group,] count, one total per field. total() ignores NULLs and gives 0.0 for none. */
export function sumSql(table: string, predicates: readonly Predicate[], fields: readonly string[], groupBy?: string): Sql {
  const params: unknown[] = [];
  const totals = ['count(*)', ...fields.map((field) => `total(${column(field)})`)];
  const where = whereSql(predicates, params);
  if (groupBy === undefined) return { sql: `SELECT ${totals.join(', ')} FROM ${quote(table)}${where}`, params };
  const group = column(groupBy);
  return { sql: `SELECT ${group}, ${totals.join(', ')} FROM ${quote(table)}${where} GROUP BY ${group} ORDER BY ${group}`, params };
}
