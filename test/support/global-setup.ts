import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';

/** Installs (once) and publishes the Temporal binaries' paths to every test file. */
export default function globalSetup(): void {
  const bins = ensureTemporalBinaries();
  process.env.TEMPORAL_CLI_PATH = bins.cli;
  process.env.TEMPORAL_TEST_SERVER_PATH = bins.testServer;
}
