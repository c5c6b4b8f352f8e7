// Entry of the writer thread when running from TypeScript sources: Node 20 does not apply tsx's
// loader (from --import) to a worker's entry module, so register it here, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
