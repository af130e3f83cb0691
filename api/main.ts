/**
 * The API as its own process (the worker runs elsewhere): `tsx api/main.ts`.
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish (app.close()), then close the Temporal connection.
 */
import { Client, Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { sealedDataConverter } from '../codec';
import { ConfigError } from '../config/load-json';
import { connectionOptions, connectOrExplain } from '../config/temporal-connection';
import { createLogger } from '../platform/logging';
import { ensureSearchAttributes } from '../platform/search-attribute-registration';
import { validateStartup } from '../platform/startup';
import { installRuntime } from '../platform/temporal-runtime';
import { apiRetryInterceptor } from './temporal/retries';
import { startApiServer } from './server';

async function main(): Promise<void> {
  // Bad files stop start-up before anything is dialled. Everything the API sends to a case is sealed with the
  // payload keys; the worker refuses what is not (README).
  const { config, roster, policy, members, payloadKeys } = validateStartup();
  // The SDK runtime is here only for its Prometheus endpoint, which serves the API's request and case metrics.
  const logger = createLogger(config.logLevel, 'concierge-api');
  const metricsUrl = installRuntime(config, logger);
  const connection = await connectOrExplain(config.temporal, () =>
    Connection.connect({ ...connectionOptions(config.temporal), interceptors: [apiRetryInterceptor()] }),
  );
  let app: FastifyInstance;
  try {
    // As the worker does: an API deployed before the workers of its release still finds the attributes its lists
    // filter on (`awaitingApproval` reads one that older releases lack).
    await ensureSearchAttributes(connection, config.temporal.namespace, logger);
    const dataConverter = sealedDataConverter(payloadKeys);
    app = await startApiServer(
      config,
      new Client({ connection, namespace: config.temporal.namespace, dataConverter }),
      {
        payloadKeys,
        roster,
        policy,
        members,
        metricMeter: Runtime.instance().metricMeter,
      },
    );
    if (metricsUrl) app.log.info(`Metrics (API and cases) at ${metricsUrl}`);
  } catch (err) {
    await connection.close();
    throw err;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: closing the API`);
    app
      .close()
      .then(() => connection.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  // `on`, not `once`: under npm, Ctrl-C arrives twice (the terminal's and npm's forward); the second is a no-op.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? 'Configuration error' : 'API start-up failed'}: ${(err as Error).message}\n`,
  );
  process.exit(1);
});
