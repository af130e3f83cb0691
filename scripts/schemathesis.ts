/** `npx tsx scripts/schemathesis.ts`: installs the pinned schemathesis into `.tools/venv`; prints the `st` path. */
import { ensureSchemathesis } from '../toolchain/schemathesis';

process.stdout.write(`${ensureSchemathesis()}\n`);
