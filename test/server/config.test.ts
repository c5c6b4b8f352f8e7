import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseSize } from '../../server/config.js';

describe('configuration from the environment', () => {
  it('has defaults a newcomer can start with', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      dbFile: './data/caseflow.db',
      clock: 'system',
      logLevel: 'info',
      bodyLimit: 1024 * 1024,
      secureCookies: 'auto',
      trustProxy: false,
      sessionTtlMs: 12 * 3_600_000,
      loginMaxFailures: 5,
      loginWindowMs: 15 * 60_000,
      passwordMinLength: 12,
      tokenTtlMs: 90 * 24 * 3_600_000,
      uiDir: 'admin-ui/dist',
      processesDir: 'processes',
      sqliteWriter: 'loop',
    });
    expect(loadConfig({}).adminPassword).toBeUndefined();
  });

  it('keeps SQLite for a file path and chooses PostgreSQL for a postgres:// URL', () => {
    expect(loadConfig({ CASEFLOW_DB: '/srv/caseflow.db' })).toMatchObject({ dbFile: '/srv/caseflow.db', databaseUrl: undefined, sealKeyFile: '/srv/caseflow.db.seal-key' });
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    for (const url of ['postgres://caseflow@db.internal:5432/caseflow', 'postgresql://caseflow:pw@127.0.0.1/cf']) {
      expect(loadConfig({ CASEFLOW_DB: url })).toMatchObject({ databaseUrl: url, sealKeyFile: './data/caseflow.seal-key' });
    }
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '0', HOST: '0.0.0.0', CASEFLOW_DB: '/tmp/x.db', CASEFLOW_ADMIN_PASSWORD: 'secret secret', CASEFLOW_CLOCK: 'manual',
      CASEFLOW_CLOCK_START: '2025-03-03T01:00:00Z', CASEFLOW_LOG_LEVEL: 'warn', CASEFLOW_BODY_LIMIT: '512kb', CASEFLOW_YAML_LIMIT: '64kb',
      CASEFLOW_SECURE_COOKIES: 'true', CASEFLOW_TRUST_PROXY: 'yes', CASEFLOW_SESSION_TTL: '2h', CASEFLOW_LOGIN_MAX_FAILURES: '3',
      CASEFLOW_LOGIN_WINDOW: '5m', CASEFLOW_UI_DIR: 'ui', CASEFLOW_PROCESSES_DIR: 'flows', CASEFLOW_SIMULATION_TIMEOUT: '10s',
      CASEFLOW_PASSWORD_MIN_LENGTH: '16', CASEFLOW_TOKEN_TTL: '30d',
      CASEFLOW_SEAL_KEY: 'k'.repeat(32), CASEFLOW_SEAL_KEY_FILE: '/keys/caseflow.key', CASEFLOW_CHECKPOINT_INTERVAL: '1h', CASEFLOW_CHECKPOINT_WITNESS: 'webhook',
      CASEFLOW_NODE_ID: 'east-1', CASEFLOW_LEASE: '10s', CASEFLOW_SQLITE_WRITER: 'thread',
    });
    expect(config).toEqual({
      port: 0, host: '0.0.0.0', dbFile: '/tmp/x.db', adminPassword: 'secret secret', clock: 'manual', clockStart: Date.parse('2025-03-03T01:00:00Z'),
      logLevel: 'warn', bodyLimit: 512 * 1024, yamlLimit: 64 * 1024, secureCookies: 'always', trustProxy: true, sessionTtlMs: 2 * 3_600_000,
      loginMaxFailures: 3, loginWindowMs: 5 * 60_000, uiDir: 'ui', processesDir: 'flows', simulationTimeoutMs: 10_000,
      passwordMinLength: 16, tokenTtlMs: 30 * 24 * 3_600_000,
      sealKey: 'k'.repeat(32), sealKeyFile: '/keys/caseflow.key', checkpointIntervalMs: 3_600_000, checkpointWitness: 'webhook',
      nodeId: 'east-1', leaseMs: 10_000, sqliteWriter: 'thread',
    });
  });

  it('keeps the seal key file beside the database unless told otherwise, and turns checkpoints off with "off"', () => {
    expect(loadConfig({ CASEFLOW_DB: '/srv/caseflow/db.sqlite', CASEFLOW_CHECKPOINT_INTERVAL: 'off' })).toMatchObject({
      sealKeyFile: '/srv/caseflow/db.sqlite.seal-key', checkpointIntervalMs: 0, sealKey: undefined, checkpointWitness: undefined,
    });
    expect(() => loadConfig({ CASEFLOW_CHECKPOINT_INTERVAL: 'often' })).toThrow(/CASEFLOW_CHECKPOINT_INTERVAL/);
  });

  it('refuses a value it cannot use, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty" is not a port number/);
    expect(() => loadConfig({ CASEFLOW_CLOCK: 'sundial' })).toThrow(/CASEFLOW_CLOCK/);
    expect(() => loadConfig({ CASEFLOW_SQLITE_WRITER: 'process' })).toThrow(/CASEFLOW_SQLITE_WRITER/);
    expect(() => loadConfig({ CASEFLOW_SESSION_TTL: '3 business days' })).toThrow(/CASEFLOW_SESSION_TTL/);
  });

  it('reads sizes in bytes, kb and mb', () => {
    expect([parseSize('100'), parseSize('2kb'), parseSize('1 MB'), parseSize('lots')]).toEqual([100, 2048, 1048576, undefined]);
  });
});
