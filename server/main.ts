/**
 * `npm start` (and `npm run demo`, which adds `--demo`): serve Caseflow on PORT (3000).
 */
import { ConfigError, loadConfig } from './config.js';
import { createLogger, errorFields } from './log.js';
import { startCaseflow } from './serve.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running = await startCaseflow(config, logger, { demo: process.argv.includes('--demo') });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('stop failed', errorFields(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
  else process.stderr.write(`Caseflow could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
