/**
 * WORKER_WORKFLOW_STACK_TRACES: the start commands' preload keeps the SDK's promise hook out of the workflow
 * threads unless the setting is `on`, and only the SDK's workflow sandbox is refused a hook. Checked against the
 * SDK's own installer, in real worker threads started with the preload as the npm scripts start them.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../support/processes';
import { STACK_TRACES_PRELOAD, workflowStackTracesNotice } from '../../platform/workflow-stack-traces-notice';

interface ThreadReport {
  /** The SDK's verdict after installing its hooks in the thread, as a workflow thread does at start. */
  sdkHookInstalled: boolean;
  /** Whether anything else in the thread still gets a promise hook. */
  otherHookInstalled: boolean;
}

/** Runs the SDK's hook installation in a worker thread started with `execArgv` and `env`. */
function inThread(execArgv: string[], env: NodeJS.ProcessEnv): Promise<ThreadReport> {
  const vmShared = require.resolve('@temporalio/worker/lib/workflow/vm-shared');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { promiseHooks } = require('node:v8');
    const { globalHandlers } = require(workerData.vmShared);
    const warn = console.warn;
    console.warn = () => undefined; // the SDK's warning when it gets no hook
    globalHandlers.install();
    console.warn = warn;
    let otherHookInstalled = false;
    try {
      promiseHooks.createHook({ init() {} })();
      otherHookInstalled = true;
    } catch {}
    parentPort.postMessage({ sdkHookInstalled: globalHandlers.promiseHookInstalled, otherHookInstalled });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, execArgv, env, workerData: { vmShared } });
    worker.once('message', (report: ThreadReport) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const preload = ['--require', path.join(projectRoot, STACK_TRACES_PRELOAD)];

describe('workflow stack traces (the preload of npm start and npm run start:worker)', () => {
  it('keeps the SDK from installing its promise hook when the setting is unset or off', async () => {
    // With source maps on (as under tsx), the SDK's frames read src/…ts instead of lib/…js.
    for (const execArgv of [preload, ['--enable-source-maps', ...preload]]) {
      for (const env of [{}, { WORKER_WORKFLOW_STACK_TRACES: 'off' }]) {
        await expect(inThread(execArgv, env)).resolves.toEqual({
          sdkHookInstalled: false,
          otherHookInstalled: true,
        });
      }
    }
  });

  it('leaves the hook to the SDK when the setting is on, or when the process has no preload', async () => {
    await expect(inThread(preload, { WORKER_WORKFLOW_STACK_TRACES: 'on' })).resolves.toEqual({
      sdkHookInstalled: true,
      otherHookInstalled: true,
    });
    await expect(inThread([], {})).resolves.toEqual({ sdkHookInstalled: true, otherHookInstalled: true });
  });

  it('says at start-up what is in force, and warns when the setting cannot apply', () => {
    expect(workflowStackTracesNotice(false, true)).toEqual({
      level: 'info',
      message: expect.stringContaining('Workflow stack traces off'),
    });
    expect(workflowStackTracesNotice(false, false)).toEqual({
      level: 'warn',
      message: expect.stringContaining(`node --require ${STACK_TRACES_PRELOAD}`),
    });
    expect(workflowStackTracesNotice(true, false)).toEqual({
      level: 'info',
      message: expect.stringContaining('Workflow stack traces on'),
    });
  });
});
