/**
 * One command for the whole system (`npm start`):
 *   1. validate the environment, roster, policy and member directory (a bad value stops here, exit 1, the field
 *      named); each file is read once, here, and handed to the API;
 *   2. TEMPORAL_ADDRESS unset: start the embedded dev server on DATA_DIR/temporal.sqlite with the case
 *      search attributes; set: connect to that cluster and make sure the search attributes exist;
 *   3. start the worker and the HTTP API in this process.
 * SIGINT / SIGTERM: close the API (in-flight requests finish), shut the worker down (in-flight activities get
 * WORKER_SHUTDOWN_GRACE), stop the dev server, exit 0. If the dev server or the worker dies, exit 1.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { codecEndpointUrl } from '../api/routes/codec';
import { startApiServer } from '../api/server';
import { apiRetryInterceptor } from '../api/temporal/retries';
import { sealedDataConverter } from '../codec';
import { ConfigError } from '../config/load-json';
import { connectionOptions } from '../config/temporal-connection';
import { activityDeps } from '../worker/activity-deps';
import { createCaseWorker } from '../worker/create-worker';
import { workerSettings } from '../worker/settings';
import { logWorkflowStackTraces } from './workflow-stack-traces-notice';
import { DevServerError, startDevServer, type DevServer } from './dev-server';
import { portIsFree } from './free-port';
import { createLogger, devServerLogLevel } from './logging';
import { installRuntime } from './temporal-runtime';
import { ensureSearchAttributes } from './search-attribute-registration';
import { validateStartup, type Startup } from './startup';
import { ensureTemporalBinaries } from '../toolchain/temporal-binaries';

/** Resources in start order; closed in reverse (API, worker, connections, dev server). */
class Resources {
  private readonly stack: { name: string; close: () => Promise<unknown> }[] = [];

  add(name: string, close: () => Promise<unknown>): void {
    this.stack.push({ name, close });
  }

  async closeAll(logger: Logger): Promise<void> {
    for (let r = this.stack.pop(); r !== undefined; r = this.stack.pop()) {
      try {
        logger.debug(`Stopping ${r.name}`);
        await r.close();
      } catch (err) {
        logger.warn({ err }, `Stopping ${r.name} failed`);
      }
    }
  }
}

class ShutdownRequested extends Error {}

export async function launch(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let startup: Startup;
  try {
    startup = validateStartup(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { config } = startup;

  const logger = createLogger(config.logLevel);
  let metricsUrl: string | undefined;
  try {
    metricsUrl = installRuntime(config, logger);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Configuration error: ${err.message}\n`);
    return 1;
  }

  const resources = new Resources();
  let settle!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (settle = resolve));
  let exitCode: number | undefined;
  // A signal during start-up is acted on at the next checkpoint, so that whatever is being started is stopped too.
  let starting = true;
  const closeAndSettle = (code: number) => {
    void resources.closeAll(logger).then(() => {
      logger.info(`Stopped${code === 0 ? '' : ` (exit code ${code})`}`);
      settle(code);
    });
  };
  const shutdown = (code: number, why: string) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    (code === 0 ? logger.info.bind(logger) : logger.error.bind(logger))(`Shutting down: ${why}`);
    if (!starting) closeAndSettle(code);
  };
  // `npm start` in a terminal delivers Ctrl-C twice (the tty signals the whole group, npm forwards it too):
  // only a signal well after the first one means "stop waiting".
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < 2_000) return;
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    shutdown(0, `${signal} received`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const checkpoint = () => {
    if (exitCode !== undefined) throw new ShutdownRequested();
  };

  try {
    const namespace = config.temporal.namespace;
    // Found now, not after the dev server, the bundle and the worker have started.
    if (!(await portIsFree(config.port, config.host))) {
      throw new ConfigError(
        `PORT ${config.port} is in use (EADDRINUSE) on ${config.host} (another npm start, or another program): stop it, ` +
          'or set PORT to a free port',
      );
    }
    let devServer: DevServer | undefined;
    if (config.temporal.address === undefined) {
      const bins = ensureTemporalBinaries();
      checkpoint();
      const serverLog = logger.child({ component: 'temporal-dev-server' });
      logger.info(`Starting the Temporal dev server (data in ${config.dataDir})`);
      devServer = await startDevServer({
        cli: bins.cli,
        portSettings: 'TEMPORAL_PORT and TEMPORAL_UI_PORT to free ports',
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace,
        dataDir: config.dataDir,
        uiCodecEndpoint: codecEndpointUrl(config.host, config.port),
        logLevel: devServerLogLevel(config.logLevel),
        onOutput: (line) => serverLog.info(line),
      });
      const server = devServer;
      resources.add('the Temporal dev server', () => server.stop());
      void server.exited.then(({ code, signal }) => {
        if (exitCode === undefined) {
          shutdown(
            1,
            `the Temporal dev server exited (${signal ?? `code ${code}`}):\n${server.recentOutput()}`,
          );
        }
      });
      checkpoint();
      logger.info(`Temporal dev server on ${server.address}, namespace "${namespace}"`);
    } else {
      logger.info(`Using the Temporal cluster at ${config.temporal.address}, namespace "${namespace}"`);
    }

    const options = connectionOptions(config.temporal);
    // The API's client: its retries never turn a start the server may have taken into "not opened".
    const connection = await Connection.connect({ ...options, interceptors: [apiRetryInterceptor()] });
    resources.add('the Temporal client connection', () => connection.close());
    checkpoint();
    // The dev server's flags register the attributes in a new SQLite file only: a DATA_DIR kept from an older
    // release lacks those added since, so the embedded server is checked like a cluster.
    await ensureSearchAttributes(connection, namespace, logger);
    checkpoint();

    // NativeConnection takes the API key as a plain string only.
    const nativeConnection = await NativeConnection.connect({ ...options, apiKey: config.temporal.apiKey });
    resources.add('the worker connection', () => nativeConnection.close());
    checkpoint();
    logWorkflowStackTraces(logger, config.worker.workflowStackTraces);
    const worker: Worker = await createCaseWorker({
      connection: nativeConnection,
      namespace,
      deps: activityDeps(config, logger),
      payloadKeys: startup.payloadKeys,
      codecLogger: logger,
      shutdownGraceTime: config.workerShutdownGraceMs,
      ...workerSettings(config),
    });
    const running = worker.run();
    resources.add('the worker', async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    void running.then(
      () => {
        if (exitCode === undefined) shutdown(1, 'the worker stopped unexpectedly');
      },
      (err: unknown) => {
        if (exitCode === undefined) logger.error({ err }, 'The worker failed');
        shutdown(1, 'the worker failed');
      },
    );
    checkpoint();
    logger.info(`Worker polling task queue of namespace "${namespace}"`);

    const dataConverter = sealedDataConverter(startup.payloadKeys, logger);
    const api = await startApiServer(config, new Client({ connection, namespace, dataConverter }), {
      payloadKeys: startup.payloadKeys,
      roster: startup.roster,
      policy: startup.policy,
      members: startup.members,
      logger: logger.child({ component: 'api' }),
      metricMeter: Runtime.instance().metricMeter,
    });
    resources.add('the API', () => api.close());
    checkpoint();

    logger.info(`API on http://${config.host}:${config.port} (OpenAPI at /docs)`);
    if (metricsUrl) logger.info(`Metrics (worker, API and cases) at ${metricsUrl}`);
    if (devServer !== undefined || env.TEMPORAL_UI_URL !== undefined) {
      logger.info(
        `Temporal UI: ${config.temporal.uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`,
      );
    }
    logger.info('Ready. Ctrl-C stops everything.');
    starting = false;
  } catch (err) {
    if (!(err instanceof ShutdownRequested)) {
      const message =
        err instanceof ConfigError || err instanceof DevServerError ? err.message : describe(err);
      logger.error({ err }, `Start-up failed: ${message}`);
      shutdown(1, 'start-up failed');
    }
    starting = false;
    closeAndSettle(exitCode ?? 1);
  }
  return finished;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
