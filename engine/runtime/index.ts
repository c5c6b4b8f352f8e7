/**
 * The case runtime: create cases, apply events, fire timers, replay and verify histories.
 */
export { createEngine, type EngineOptions } from './engine.js';
export { manualClock, systemClock, type ManualClock } from './clock.js';
export { canonicalJson, hashEvent, GENESIS_HASH } from './hash-chain.js';
export { START_EVENT } from './create-case.js';
export { SYSTEM_ACTOR, TIMER_EVENT, type SchedulerOptions } from './scheduler.js';
export type * from './types.js';
export type * from './store.js';
export { MIGRATED_EVENT } from './migrate-snapshot.js';
export { parseMigrationPlan, readMigrationPlan, type MigrationPlan, type TimerChoice } from './migration-plan.js';
export type { CaseMigration, MigrationReport, MigrationRequest, TimerMove } from './migrate-cases.js';
