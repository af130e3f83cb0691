/**
 * Moved to test/support/api-harness.ts (the API's Temporal-backed harness) and test/support/eventually.ts.
 * This re-export stays only while suites being written elsewhere still import it; import from test/support.
 */
export * from '../support/api-harness';
export { legacyEventually as eventually } from '../support/eventually';
