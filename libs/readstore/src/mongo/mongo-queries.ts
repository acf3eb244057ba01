import { Checkpoint, FieldValue, LogPosition, SumRow, ViewDefinition, ViewDocument } from '../readstore.port';
import { KeysetAfter, NormalizedQuery, NormalizedSort, Predicate } from '../view-query';

/**
 * Every filter, sort, update and pipeline the MongoDB adapter sends, as pure functions: the
 * always-run spec executes these exact documents with mingo over the contract's fixtures, so
 * their meaning is checked without a server. Documents are stored as
 * `{ _id, doc, _position, _at }`: the view's JSON under `doc`, beside the sort key and the
 * raw position of the event that last wrote it. A delete leaves a tombstone
 * (`_deleted: true`, no `doc`) until its batch's checkpoint is stored.
 */
type Doc = Record<string, unknown>;

export interface StoredViewDocument {
  readonly _id: string;
  readonly doc?: ViewDocument;
  /** `sortablePosition` of `_at`: compared as text inside the guarded update. */
  readonly _position: string;
  readonly _at: LogPosition;
  readonly _deleted?: true;
}

export interface StoredCheckpoint {
  readonly _id: string;
  readonly position?: LogPosition;
  readonly _position: string;
  readonly version: number;
}

export const fieldPath = (field: string) => (field === 'id' ? '_id' : `doc.${field}`);

/** Tombstones are invisible to every query. */
const LIVE: Doc = { _deleted: { $exists: false } };

function predicateFilter(predicate: Predicate): Doc {
  const path = fieldPath(predicate.field);
  switch (predicate.op) {
    case 'null':
      // Matches null and missing alike, as SQLite's NULL column does.
      return { [path]: null };
    case 'in':
      return { [path]: { $in: [...predicate.values] } };
    default:
      return { [path]: { [`$${predicate.op}`]: predicate.value } };
  }
}

/** Strictly after the previous page's last row in (field, id) order; null sorts first. */
export function keysetFilter(sort: NormalizedSort, after: KeysetAfter): Doc {
  const cmp = sort.direction === 'asc' ? '$gt' : '$lt';
  if (sort.field === 'id') return { _id: { [cmp]: after.id } };
  const path = fieldPath(sort.field);
  if (after.value === null) {
    return sort.direction === 'asc' ? { $or: [{ [path]: null, _id: { $gt: after.id } }, { [path]: { $ne: null } }] } : { [path]: null, _id: { $lt: after.id } };
  }
  const branches: Doc[] = [{ [path]: { [cmp]: after.value } }, { [path]: { $eq: after.value }, _id: { [cmp]: after.id } }];
  if (sort.direction === 'desc') branches.push({ [path]: null });
  return { $or: branches };
}

export function buildFilter(predicates: readonly Predicate[], extra?: Doc): Doc {
  return { $and: [LIVE, ...predicates.map(predicateFilter), ...(extra ? [extra] : [])] };
}

export interface FindPlan {
  readonly filter: Doc;
  readonly sort: Record<string, 1 | -1>;
  /** One more than the page, to learn whether a next page exists. */
  readonly limit: number;
}

export function buildFindPlan(query: NormalizedQuery): FindPlan {
  const dir = query.sort.direction === 'asc' ? 1 : -1;
  const sort: Record<string, 1 | -1> = query.sort.field === 'id' ? { _id: dir } : { [fieldPath(query.sort.field)]: dir, _id: dir };
  return { filter: buildFilter(query.predicates, query.after && keysetFilter(query.sort, query.after)), sort, limit: query.limit + 1 };
}

/** `$group` output names cannot hold dots, so sums are `s0`, `s1`… in the order of `fields`. */
export function buildSumPipeline(predicates: readonly Predicate[], fields: readonly string[], groupBy?: string): Doc[] {
  const sums = Object.fromEntries(fields.map((field, i) => [`s${i}`, { $sum: `$${fieldPath(field)}` }]));
  return [
    { $match: buildFilter(predicates) },
    // A missing group value groups with null, like SQL's GROUP BY on a NULL column.
    { $group: { _id: groupBy === undefined ? null : { $ifNull: [`$${fieldPath(groupBy)}`, null] }, count: { $sum: 1 }, ...sums } },
    { $sort: { _id: 1 } },
  ];
}

export function parseSumRows(rows: readonly Doc[], fields: readonly string[], groupBy?: string): SumRow[] {
  const parsed = rows.map((row) => ({
    group: row._id as FieldValue | null,
    count: row.count as number,
    sums: Object.fromEntries(fields.map((field, i) => [field, (row[`s${i}`] as number | undefined) ?? 0])),
  }));
  if (groupBy !== undefined) return parsed;
  // $group over nothing yields no row; an ungrouped sum always has one.
  const [only] = parsed;
  return [{ count: only?.count ?? 0, sums: only?.sums ?? Object.fromEntries(fields.map((field) => [field, 0])) }];
}

export interface IndexSpec {
  readonly key: Record<string, 1>;
  readonly name: string;
}

/** One index per field and per compound, each ending in `_id` for keyset paging. */
export function buildIndexSpecs(definition: ViewDefinition): IndexSpec[] {
  const single = Object.keys(definition.fields).map((field, i) => ({ fields: [field], name: `f${i}` }));
  const compound = (definition.compound ?? []).map((fields, i) => ({ fields: [...fields], name: `c${i}` }));
  return [...single, ...compound].map(({ fields, name }) => ({ key: Object.fromEntries([...fields.map((f) => [fieldPath(f), 1 as const]), ['_id', 1 as const]]), name }));
}

/**
 * Replace the stored document only if it has no position yet (an upsert starts from `{ _id }`)
 * or an older one: one atomic server-side update, no read first. The missing case is tested
 * apart rather than compared, since servers and emulators order null against text differently.
 * `$literal` keeps values such as "$x" from being read as field paths.
 */
export function guardedReplace(next: Doc & { _position: string }): Doc[] {
  const isOlder = { $or: [{ $eq: [{ $ifNull: ['$_position', null] }, null] }, { $lt: ['$_position', next._position] }] };
  return [{ $replaceWith: { $cond: { if: isOlder, then: { $literal: next }, else: '$$ROOT' } } }];
}

export function putModel(id: string, doc: ViewDocument, position: LogPosition, key: string) {
  const stored: StoredViewDocument = { _id: id, doc, _position: key, _at: position };
  return { updateOne: { filter: { _id: id }, update: guardedReplace({ ...stored }), upsert: true } };
}

export function tombstoneModel(id: string, position: LogPosition, key: string) {
  const stored: StoredViewDocument = { _id: id, _position: key, _at: position, _deleted: true };
  return { updateOne: { filter: { _id: id }, update: guardedReplace({ ...stored }), upsert: true } };
}

export function checkpointModel(checkpoint: Checkpoint, key: string) {
  const stored: StoredCheckpoint = { _id: checkpoint.projection, ...(checkpoint.position === undefined ? {} : { position: checkpoint.position }), _position: key, version: checkpoint.version };
  return { updateOne: { filter: { _id: checkpoint.projection }, update: guardedReplace({ ...stored }), upsert: true } };
}

/** Once the batch's checkpoint is stored, no replay can reach its deletes: their tombstones can go. */
export const purgeFilter = (ids: readonly string[]): Doc => ({ _id: { $in: [...ids] }, _deleted: true });
