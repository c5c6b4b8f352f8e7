/**
 * Entry of the writer thread: serves the batches of case commits its store sends (see
 * `serveWriter`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveWriter, type WriterSettings } from './writer-service.js';

const settings: WriterSettings = workerData;
if (parentPort !== null) serveWriter(parentPort, settings);
