/**
 * What the worker says at start-up about workflow stack traces: WORKER_WORKFLOW_STACK_TRACES is applied by a
 * preload the start commands pass (platform/workflow-stack-traces.cjs), so a process started without it keeps
 * them whatever the setting, and says so.
 */
const PRELOADED = Symbol.for('concierge.workflow-stack-traces.preloaded');

export const STACK_TRACES_PRELOAD = './platform/workflow-stack-traces.cjs';

/** Whether this process was started with the preload (`node --require ./platform/workflow-stack-traces.cjs`). */
export function stackTracesPreloaded(): boolean {
  return (globalThis as Record<symbol, unknown>)[PRELOADED] === true;
}

export interface Notice {
  level: 'info' | 'warn';
  message: string;
}

export function workflowStackTracesNotice(wanted: boolean, preloaded = stackTracesPreloaded()): Notice {
  if (wanted) {
    return {
      level: 'info',
      message:
        'Workflow stack traces on (WORKER_WORKFLOW_STACK_TRACES=on): the Web UI shows them, at the CPU and memory ' +
        'their promise hook costs every case',
    };
  }
  if (!preloaded) {
    return {
      level: 'warn',
      message:
        'WORKER_WORKFLOW_STACK_TRACES=off has no effect: this process was started without ' +
        `node --require ${STACK_TRACES_PRELOAD} (npm start and npm run start:worker pass it), so workflow stack ` +
        'traces stay on',
    };
  }
  return {
    level: 'info',
    message:
      "Workflow stack traces off: the Web UI's Stack Trace tab answers that they are not enabled (set " +
      'WORKER_WORKFLOW_STACK_TRACES=on to see them); the SDK warns below that v8.promiseHooks.createHook is not ' +
      'available, which is this setting',
  };
}

/** Logs the notice; the start-up of every worker process calls it before creating its worker. */
export function logWorkflowStackTraces(
  logger: { info(m: string): void; warn(m: string): void },
  wanted: boolean,
) {
  const { level, message } = workflowStackTracesNotice(wanted);
  logger[level](message);
}
