// openapi-typescript prints with TypeScript 5's API; the project's `typescript` is 7, so the
// generator is run with this hook, which resolves `typescript` to the `typescript-5` alias.
import { register } from 'node:module';

register('./typescript-5-resolve.mjs', import.meta.url);
