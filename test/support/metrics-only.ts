/**
 * Test-only process: the SDK runtime with its Prometheus endpoint configured from the environment, exactly as
 * the API and worker processes install it (platform/temporal-runtime.ts), and nothing else. Prints the scrape URL.
 */
import pino from 'pino';
import { loadConfig } from '../../config/env';
import { installRuntime } from '../../platform/temporal-runtime';

const url = installRuntime(loadConfig(), pino({ level: 'warn' }));
process.stdout.write(`metrics at ${url}\n`);
setInterval(() => undefined, 60_000);
