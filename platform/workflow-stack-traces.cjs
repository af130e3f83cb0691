/**
 * Preloaded into every thread of the worker's process by its start commands (`node --require`, package.json).
 * With WORKER_WORKFLOW_STACK_TRACES unset or `off`, it keeps the Temporal SDK from installing its promise hook
 * in the workflow threads: the hook captures and source-maps a stack trace for every promise a workflow creates
 * (it serves the Web UI's Stack Trace tab), and it was the largest single cost of the case workflow's CPU and a
 * tenth of a cached case's heap (docs/performance.md, Worker tuning). The SDK treats a hook it cannot create as
 * stack traces being unavailable: the workflows run the same, and the `__stack_trace` query answers that they
 * are not enabled on this worker. `on` leaves the hook alone.
 *
 * Plain CommonJS: a preload runs before any TypeScript loader, in the main thread and in every worker thread.
 */
'use strict';

const { isMainThread } = require('node:worker_threads');

const PRELOADED = Symbol.for('concierge.workflow-stack-traces.preloaded');
/**
 * Only the SDK's workflow sandbox is refused a hook; anything else in the thread gets it. Its frame reads `lib/…js`,
 * or `src/…ts` where source maps are on (tsx turns them on).
 */
const SDK_SANDBOX = /@temporalio[\\/]worker[\\/](lib|src)[\\/]workflow[\\/]vm-shared\.[jt]s:/;

if (isMainThread) {
  // Lets the worker's start-up log tell whether the switch is in force (platform/workflow-stack-traces-notice.ts).
  globalThis[PRELOADED] = true;
} else if (process.env.WORKER_WORKFLOW_STACK_TRACES !== 'on') {
  const { promiseHooks } = require('node:v8');
  const createHook = promiseHooks.createHook;
  promiseHooks.createHook = function createHookUnlessSandbox(hooks) {
    if (SDK_SANDBOX.test(new Error().stack ?? '')) {
      throw new Error('workflow stack traces are off (WORKER_WORKFLOW_STACK_TRACES)');
    }
    return createHook.call(this, hooks);
  };
}
