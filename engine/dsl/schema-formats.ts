/**
 * The JSON Schema `format`s a process may use (ajv-formats, full mode), with the one whose
 * check is slower than linear bounded: ajv-formats' `url` expression backtracks in quadratic
 * time (20,000 characters took 0.7 s), so longer texts are not URLs.
 */
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { parseDuration } from './duration.js';

/** ajv-formats is CommonJS; under NodeNext its default export may arrive wrapped. */
const addAjvFormats = 'default' in addFormatsModule ? addFormatsModule.default : addFormatsModule;

/** Longest text the `url` format accepts: the longest URL browsers and servers commonly take. */
export const MAX_URL_LENGTH = 2048;

const urlPattern = fullFormats.url;

/** Whether `text` is a URL (http, https or ftp with a public host), checked in bounded time. */
function isUrl(text: string): boolean {
  return text.length <= MAX_URL_LENGTH && urlPattern instanceof RegExp && urlPattern.test(text);
}

/**
 * Adds the formats of process schemas to an ajv instance (either draft), and `span`: a duration
 * literal of the definition language (`1440m`, `72h`, `3 business days`), which people read in
 * words (`1天`, `1 day`).
 */
export function addSchemaFormats(ajv: Parameters<typeof addAjvFormats>[0]): void {
  addAjvFormats(ajv);
  ajv.addFormat('url', { type: 'string', validate: isUrl });
  ajv.addFormat('span', { type: 'string', validate: (text: string) => parseDuration(text) !== undefined });
}
