import { FieldType, FieldValue, ReadStoreQueryError, ViewDefinition, ViewDocument } from './readstore.port';

const VIEW_NAME = /^[a-z][a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)*$/;
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const TYPES: readonly FieldType[] = ['string', 'number', 'date', 'boolean'];

const invalid = (message: string) => new ReadStoreQueryError('INVALID_DEFINITION', message);

/** Names become table and collection names, so they are checked, never escaped. */
export function validateDefinition(definition: ViewDefinition): void {
  const { name, fields, compound = [] } = definition;
  if (typeof name !== 'string' || name.length > 60 || !VIEW_NAME.test(name)) throw invalid(`view name ${JSON.stringify(name)}: letters and digits, single underscores, at most 60`);
  for (const [field, type] of Object.entries(fields)) {
    if (!FIELD_PATH.test(field) || field === 'id') throw invalid(`view ${name}: field ${JSON.stringify(field)} is not a plain path (or is the reserved id)`);
    if (!TYPES.includes(type)) throw invalid(`view ${name}: field ${field} has unknown type ${JSON.stringify(type)}`);
  }
  for (const index of compound) {
    if (index.length < 2) throw invalid(`view ${name}: a compound index needs two fields or more`);
    for (const field of index) if (!(field in fields)) throw invalid(`view ${name}: compound index names undeclared field ${field}`);
  }
}

/** `<view>__g<N>`: the table or collection that holds one generation. */
export const generationName = (view: string, generation: number) => `${view}__g${generation}`;

/** The value at a dotted path; missing and null both read as null, as both stores index them. */
export function valueAt(doc: ViewDocument, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined ? null : value;
}

export function isValueOf(type: FieldType, value: unknown): value is FieldValue {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && DATE.test(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The indexed values of a document, checked against their declared types so both stores compare them alike. */
export function indexedValues(definition: ViewDefinition, id: string, doc: ViewDocument): (FieldValue | null)[] {
  if (typeof id !== 'string' || id.length === 0) throw new ReadStoreQueryError('INVALID_VALUE', `view ${definition.name}: a document id must be a non-empty string`);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ReadStoreQueryError('INVALID_VALUE', `view ${definition.name}: document ${id} is not an object`);
  return Object.entries(definition.fields).map(([field, type]) => {
    const value = valueAt(doc, field);
    if (value !== null && !isValueOf(type, value)) {
      throw new ReadStoreQueryError('INVALID_VALUE', `view ${definition.name}: document ${id} has ${field} = ${JSON.stringify(value)}, not a ${type}`);
    }
    return value as FieldValue | null;
  });
}

/** Key order does not matter: a definition read back from a store equals the one in code. */
export function sameDefinition(a: ViewDefinition, b: ViewDefinition): boolean {
  const canonical = (d: ViewDefinition) =>
    JSON.stringify([d.name, Object.entries(d.fields).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)), d.compound ?? []]);
  return canonical(a) === canonical(b);
}
