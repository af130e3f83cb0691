/** `npm run temporal:install`: locates (installing when missing) the Temporal CLI and test server; prints their paths. */
import { ensureTemporalBinaries } from '../toolchain/temporal-binaries';

process.stdout.write(`${JSON.stringify(ensureTemporalBinaries())}\n`);
