/**
 * Fields the process sets (`readOnly: true` in the data schema): an approver, a time, a flag, a
 * counter. A person does not enter them: the registration form leaves them out and a client
 * that sends one is refused, naming it.
 */
import { isRecord } from './schema-properties.js';

/** Dotted paths of the process-set fields that `data` carries (`closedAt`, `customer.score`). */
export function processSetFieldsIn(schema: unknown, data: unknown, prefix = ''): string[] {
  if (!isRecord(schema) || !isRecord(schema.properties) || !isRecord(data)) return [];
  const properties = schema.properties;
  return Object.keys(data).flatMap((key) => {
    if (!Object.hasOwn(properties, key)) return [];
    const sub = properties[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isRecord(sub) && sub.readOnly === true) return [path];
    return processSetFieldsIn(sub, data[key], path);
  });
}

/** Whether a field schema is one the process sets. */
export function isProcessSet(schema: unknown): boolean {
  return isRecord(schema) && schema.readOnly === true;
}
