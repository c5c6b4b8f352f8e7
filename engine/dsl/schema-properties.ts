/** Small readers of untyped JSON values and JSON Schemas, shared by the checks. */

/** Whether `value` is a plain object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `properties` of an object schema, or undefined when it declares none. */
export function propertiesOf(schema: unknown): Record<string, unknown> | undefined {
  if (!isRecord(schema)) return undefined;
  const properties = schema.properties;
  return isRecord(properties) ? properties : undefined;
}

/**
 * The JSON type a schema describes, inferred from `type`, `enum` or `const` when possible:
 * `{enum: [1, 2]}` is `integer`, `{type: ["string", "null"]}` is `string`. The CEL environment
 * types fields with it, and the compiler converts values with it, so both agree.
 */
export function jsonType(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  const declared = schema.type;
  if (typeof declared === 'string') return declared;
  if (Array.isArray(declared)) {
    const nonNull = declared.filter((t) => t !== 'null');
    return nonNull.length === 1 && typeof nonNull[0] === 'string' ? nonNull[0] : undefined;
  }
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  if (values && values.length > 0) {
    const kinds = new Set(values.map(literalJsonType));
    if (kinds.size === 1) return [...kinds][0];
  }
  if (isRecord(schema.properties)) return 'object';
  return undefined;
}

/** The JSON type of a literal value; whole numbers are `integer`. */
export function literalJsonType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}
