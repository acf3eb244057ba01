import { DEFAULT_LIMIT, FieldType, FieldValue, MAX_LIMIT, Page, Query, ReadStoreQueryError, ViewDefinition, ViewDocument, Where } from './readstore.port';
import { isValueOf, valueAt } from './view-definition';

/**
 * Queries checked against the view's definition and reduced to a few predicate kinds, which
 * each adapter translates (SQL with bound parameters; MongoDB filter documents). Checking
 * happens once, here, so both adapters refuse exactly the same queries.
 */
export type Predicate =
  | { readonly field: string; readonly op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; readonly value: FieldValue }
  | { readonly field: string; readonly op: 'null' }
  | { readonly field: string; readonly op: 'in'; readonly values: readonly FieldValue[] };

export interface NormalizedSort {
  /** A declared field, or `id`. */
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** The last row of the previous page: the next page starts strictly after it in (field, id) order. */
export interface KeysetAfter {
  readonly value: FieldValue | null;
  readonly id: string;
}

export interface NormalizedQuery {
  readonly predicates: readonly Predicate[];
  readonly sort: NormalizedSort;
  readonly limit: number;
  readonly after?: KeysetAfter;
}

const OPERATORS = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte']);

/** `id` is every view's implicit string field. */
export function fieldType(definition: ViewDefinition, field: string): FieldType {
  if (field === 'id') return 'string';
  const type = Object.prototype.hasOwnProperty.call(definition.fields, field) ? definition.fields[field] : undefined;
  if (!type) throw new ReadStoreQueryError('UNKNOWN_FIELD', `view ${definition.name} has no indexed field ${JSON.stringify(field)}`);
  return type;
}

function typed(definition: ViewDefinition, field: string, type: FieldType, value: unknown): FieldValue {
  if (!isValueOf(type, value)) throw new ReadStoreQueryError('INVALID_VALUE', `view ${definition.name}: ${field} is a ${type}, not ${JSON.stringify(value)}`);
  return value;
}

export function normalizeWhere(definition: ViewDefinition, where: Where | undefined): Predicate[] {
  const predicates: Predicate[] = [];
  for (const [field, condition] of Object.entries(where ?? {})) {
    const type = fieldType(definition, field);
    if (condition === null) {
      predicates.push({ field, op: 'null' });
      continue;
    }
    if (typeof condition !== 'object') {
      predicates.push({ field, op: 'eq', value: typed(definition, field, type, condition) });
      continue;
    }
    const entries = Object.entries(condition);
    if (entries.length === 0) throw new ReadStoreQueryError('INVALID_QUERY', `view ${definition.name}: empty condition on ${field}`);
    for (const [op, operand] of entries) {
      if (!OPERATORS.has(op)) throw new ReadStoreQueryError('INVALID_QUERY', `view ${definition.name}: unknown operator ${JSON.stringify(op)} on ${field}`);
      if (op === 'eq' && operand === null) predicates.push({ field, op: 'null' });
      else if (op === 'in') {
        if (!Array.isArray(operand)) throw new ReadStoreQueryError('INVALID_QUERY', `view ${definition.name}: ${field} in needs an array`);
        predicates.push({ field, op: 'in', values: operand.map((value) => typed(definition, field, type, value)) });
      } else predicates.push({ field, op: op as 'eq' | 'gt' | 'gte' | 'lt' | 'lte', value: typed(definition, field, type, operand) });
    }
  }
  return predicates;
}

export function normalizeQuery(definition: ViewDefinition, query: Query = {}): NormalizedQuery {
  const predicates = normalizeWhere(definition, query.where);
  const field = query.sort?.field ?? 'id';
  fieldType(definition, field);
  const direction = query.sort?.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') throw new ReadStoreQueryError('INVALID_QUERY', `sort direction ${JSON.stringify(direction)}`);
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ReadStoreQueryError('INVALID_QUERY', `limit ${limit}: 1 to ${MAX_LIMIT}`);
  const sort = { field, direction } as const;
  const after = query.cursor === undefined ? undefined : decodeCursor(definition, sort, query.cursor);
  return { predicates, sort, limit, after };
}

export function encodeCursor(sort: NormalizedSort, after: KeysetAfter): string {
  return Buffer.from(JSON.stringify([sort.field, sort.direction, after.value, after.id])).toString('base64url');
}

function decodeCursor(definition: ViewDefinition, sort: NormalizedSort, cursor: string): KeysetAfter {
  const refuse = (why: string) => new ReadStoreQueryError('INVALID_CURSOR', `cursor ${why}`);
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is not one this store issued');
  }
  if (!Array.isArray(payload) || payload.length !== 4 || typeof payload[3] !== 'string') throw refuse('is not one this store issued');
  const [field, direction, value, id] = payload as [unknown, unknown, unknown, string];
  if (field !== sort.field || direction !== sort.direction) throw refuse(`belongs to another sort (${field} ${direction})`);
  if (value !== null && !isValueOf(fieldType(definition, sort.field), value)) throw refuse('holds a value of the wrong type');
  return { value: value as FieldValue | null, id };
}

/** Adapters fetch `limit + 1` rows in (field, id) order; the extra one only says whether to offer a cursor. */
export function pageOf<D = ViewDocument>(rows: readonly { id: string; doc: ViewDocument }[], query: NormalizedQuery): Page<D> {
  const items = rows.slice(0, query.limit);
  if (rows.length <= query.limit) return { items: items.map((row) => row.doc as D) };
  const last = items[items.length - 1];
  const value = query.sort.field === 'id' ? null : (valueAt(last.doc, query.sort.field) as FieldValue | null);
  return { items: items.map((row) => row.doc as D), nextCursor: encodeCursor(query.sort, { value, id: last.id }) };
}

/** Fields to sum must be declared numbers; groups must be declared fields. */
export function checkSum(definition: ViewDefinition, fields: readonly string[], groupBy: string | undefined): void {
  for (const field of fields) {
    if (fieldType(definition, field) !== 'number') throw new ReadStoreQueryError('INVALID_QUERY', `view ${definition.name}: ${field} is not a number field, it cannot be summed`);
  }
  if (groupBy !== undefined) fieldType(definition, groupBy);
}
