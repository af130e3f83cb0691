/**
 * The worker as its own process (`npm run start:worker`), for running several workers against one cluster.
 * SIGINT / SIGTERM: stop polling and let in-flight activities finish within the grace time. Signals are ours,
 * not the SDK runtime's: under npm, Ctrl-C arrives twice, and the second must not kill a draining worker.
 */
import { NativeConnection } from '@temporalio/worker';
import type { FaultInjector } from '../activities/adapters/dev-edges';
import { loadPayloadKeyring } from '../codec';
import { refuseDevKeysOutsideDevelopment } from '../config/dev-guard';
import { loadConfig } from '../config/env';
import { ConfigError } from '../config/load-json';
import { connectionOptions, connectOrExplain } from '../config/temporal-connection';
import { createLogger } from '../platform/logging';
import { installRuntime } from '../platform/temporal-runtime';
import { ensureSearchAttributes } from '../platform/search-attribute-registration';
import { activityDeps } from './activity-deps';
import { createCaseWorker } from './create-worker';
import { workerSettings } from './settings';

/**
 * After the grace time the SDK cancels the activities still running; one that ignores its cancellation (an edge
 * call without a deadline) would keep the worker from exiting until a SIGKILL. This long after the grace time the
 * process exits 1: the activity's task times out on the server and runs again on another worker, and every
 * activity is safe to run twice. (The SDK's own `shutdownForceTime` fails `run()` with a "worker still in use"
 * error that hides why, and leaves the process to the caller.)
 */
export const SHUTDOWN_FORCE_AFTER_GRACE_MS = 10_000;
import { logWorkflowStackTraces } from '../platform/workflow-stack-traces-notice';

async function main(faults?: FaultInjector): Promise<void> {
  const config = loadConfig();
  const shutdownGraceTime = config.workerShutdownGraceMs;
  refuseDevKeysOutsideDevelopment(config, process.env);
  const payloadKeys = loadPayloadKeyring(process.env, config.dataDir);
  const logger = createLogger(config.logLevel, 'concierge-worker');
  const metricsUrl = installRuntime(config, logger);
  if (metricsUrl) logger.info(`Metrics (worker and cases) at ${metricsUrl}`);
  const options = connectionOptions(config.temporal);
  const connection = await connectOrExplain(config.temporal, () =>
    NativeConnection.connect({ ...options, apiKey: config.temporal.apiKey }),
  );
  try {
    await ensureSearchAttributes(connection, config.temporal.namespace, logger);
    logWorkflowStackTraces(logger, config.worker.workflowStackTraces);
    const worker = await createCaseWorker({
      connection,
      namespace: config.temporal.namespace,
      deps: activityDeps(config, logger, faults),
      payloadKeys,
      codecLogger: logger,
      shutdownGraceTime,
      ...workerSettings(config),
    });
    const stop = (signal: NodeJS.Signals) => {
      if (worker.getState() !== 'RUNNING') return;
      logger.info(`${signal}: draining the worker (grace ${shutdownGraceTime} ms)`);
      worker.shutdown();
      setTimeout(() => {
        logger.error(
          `The worker did not drain within its grace time and ${SHUTDOWN_FORCE_AFTER_GRACE_MS} ms more: the ` +
            'activities still running are abandoned; their tasks time out and run again on another worker',
        );
        process.exit(1);
      }, shutdownGraceTime + SHUTDOWN_FORCE_AFTER_GRACE_MS).unref();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    logger.info(`Worker polling namespace "${config.temporal.namespace}"`);
    await worker.run();
  } finally {
    await connection.close();
  }
}

/** Runs the worker process; exit code 1 when it fails. Test entries pass faults to its dev edges. */
export function runWorkerProcess(faults?: FaultInjector): void {
  main(faults).catch((err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? `Configuration error: ${err.message}` : String((err as Error).stack ?? err)}\n`,
    );
    process.exit(1);
  });
}

if (require.main === module) runWorkerProcess();
