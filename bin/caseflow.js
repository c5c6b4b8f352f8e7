#!/usr/bin/env node
// The caseflow command: loads the TypeScript CLI through tsx, resolved from this package, so it
// runs from any working directory without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
