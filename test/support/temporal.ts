import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import path from 'node:path';
import { ensureTemporalBinaries } from '../../scripts/temporal-binaries';
import { SA } from '../../workflows/search-attributes';

function binaries() {
  if (process.env.TEMPORAL_CLI_PATH && process.env.TEMPORAL_TEST_SERVER_PATH) {
    return { cli: process.env.TEMPORAL_CLI_PATH, testServer: process.env.TEMPORAL_TEST_SERVER_PATH };
  }
  return ensureTemporalBinaries();
}

/** A real Temporal dev server (in-memory) with the case search attributes registered. */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: binaries().cli },
      searchAttributes: Object.values(SA),
      extraArgs: ['--log-level', 'error'],
    },
  });
}

/**
 * The time-skipping test server, with the case search attributes registered: timers fire as soon as the test
 * waits on a workflow result or env.sleep().
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: binaries().testServer } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(SA).map((key) => [
        key.name,
        temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
      ]),
    ),
  });
  return env;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../workflows/index.ts'),
    logger: quietBundlerLogger,
  });
  return bundle;
}

const noop = () => undefined;
const quietBundlerLogger = {
  log: noop,
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: console.error,
};
