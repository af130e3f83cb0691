import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  parsePayloadKeys,
  sealedDataConverter,
  SEALED_FAILURE_CONVERTER_PATH,
  SEALED_PAYLOAD_CONVERTER_PATH,
} from '../../codec';
import { freePort } from '../../platform/free-port';
import { SHARED_WORKFLOW_MODULES } from '../../platform/workflow-bundle';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { actLikeTheApi } from './update-stamps';

/**
 * The tests' payload keys (fixed, so recorded histories replay): `test-2` seals, `test-1` still opens. Every test
 * client and worker seals with them, as the API and the worker do; a client without them is an outsider.
 */
export const TEST_PAYLOAD_KEYS = parsePayloadKeys(
  `test-2:${Buffer.alloc(32, 0x2b).toString('base64')},test-1:${Buffer.alloc(32, 0x17).toString('base64')}`,
  'the test payload keys',
);

/** The data converter of every test client, worker and replay. */
export const testDataConverter = sealedDataConverter(TEST_PAYLOAD_KEYS);

function binaries() {
  if (process.env.TEMPORAL_CLI_PATH && process.env.TEMPORAL_TEST_SERVER_PATH) {
    return { cli: process.env.TEMPORAL_CLI_PATH, testServer: process.env.TEMPORAL_TEST_SERVER_PATH };
  }
  return ensureTemporalBinaries();
}

/** A real Temporal dev server (in-memory) with the case search attributes registered. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: binaries().cli },
      // Our pick, not the OS's: see platform/free-port.ts.
      port: await freePort(),
      searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
      extraArgs: ['--log-level', 'error'],
    },
    client: {
      dataConverter: testDataConverter,
      interceptors: { workflow: [actLikeTheApi(async () => Date.now())] },
    },
  });
}

/**
 * The time-skipping test server, with the case search attributes registered: timers fire as soon as the test
 * waits on a workflow result or env.sleep().
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  let serverNow = async () => Date.now();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: binaries().testServer }, port: await freePort() },
    client: {
      dataConverter: testDataConverter,
      interceptors: { workflow: [actLikeTheApi(() => serverNow())] },
    },
  });
  serverNow = () => env.currentTimeMs();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
    ),
  });
  return env;
}

/** The shipped workflows entry. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows/index.ts');

/** Where global setup left the shipped entry's bundle, made once for the whole run (./global-setup.ts). */
export const SHARED_BUNDLE_ENV = 'TEST_WORKFLOW_BUNDLE';

/** Bundles a workflows entry as the worker does. */
export function bundleWorkflows(workflowsPath: string): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath,
    payloadConverterPath: SEALED_PAYLOAD_CONVERTER_PATH,
    failureConverterPath: SEALED_FAILURE_CONVERTER_PATH,
    // As production bundles it: the cases share these modules (platform/workflow-bundle.ts).
    preloadModules: SHARED_WORKFLOW_MODULES,
    logger: quietBundlerLogger,
  });
}

const bundles = new Map<string, Promise<WorkflowBundle>>();

/** The bundle of a workflows entry (default: the shipped one, bundled once per run; a test's own, once per file). */
export function workflowBundle(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundle> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    const shared = process.env[SHARED_BUNDLE_ENV];
    bundle =
      workflowsPath === WORKFLOWS_PATH && shared
        ? readFile(shared, 'utf8').then((code) => ({ code }))
        : bundleWorkflows(workflowsPath);
    bundles.set(workflowsPath, bundle);
  }
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
