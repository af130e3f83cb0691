import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';
import { bundleWorkflows, SHARED_BUNDLE_ENV, WORKFLOWS_PATH } from './temporal';

/**
 * Installs (once) and publishes the Temporal binaries' paths to every test file, and bundles the shipped workflows
 * once for the run: bundling takes seconds, and most test files start a worker on that same code.
 */
export default async function globalSetup(): Promise<void> {
  const bins = ensureTemporalBinaries();
  process.env.TEMPORAL_CLI_PATH = bins.cli;
  process.env.TEMPORAL_TEST_SERVER_PATH = bins.testServer;

  const dir = mkdtempSync(path.join(os.tmpdir(), 'concierge-test-bundle-'));
  const file = path.join(dir, 'workflows.js');
  writeFileSync(file, (await bundleWorkflows(WORKFLOWS_PATH)).code);
  process.env[SHARED_BUNDLE_ENV] = file;
}
