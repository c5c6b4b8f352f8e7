/** The scenario tests' explorer is the engine's own (engine/verify/explore.ts). */
export * from '../../engine/verify/explore.js';
