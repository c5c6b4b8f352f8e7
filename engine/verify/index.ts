/** Checks of a process by exploring it: declared invariants and reachable transitions. */
export { explore, type ExploredCase, type ExploreOptions, type ExploreSummary } from './explore.js';
export { checkDeclaredInvariants, walkTransitions, type CoverageReport, type InvariantReport, type InvariantViolation } from './invariants.js';
export { checkInvariantsOf, invariantDiagnostics, type InvariantCheck } from './invariant-diagnostics.js';
