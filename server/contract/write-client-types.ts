/**
 * Writes the generated client types of the API (`npm run api:types`); the contract test fails
 * when they no longer match the served document.
 */
import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from './client-types.js';
import { openApiDocument } from './document.js';

writeFileSync(CLIENT_TYPES_FILE, clientTypes(openApiDocument()));
console.log(`wrote ${CLIENT_TYPES_FILE}`);
