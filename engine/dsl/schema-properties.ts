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
