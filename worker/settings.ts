/**
 * The worker's tuning and workflow code from the configuration: cache and slot sizes, the sticky-queue
 * timeout, and the prebuilt workflow bundle when WORKFLOW_BUNDLE names one (else the worker bundles at start).
 */
import type { WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/env';
import { ConfigError } from '../config/load-json';
import type { CaseWorkerOptions } from './create-worker';

function pollers(
  p: AppConfig['worker']['pollers'],
): NonNullable<WorkerOptions['workflowTaskPollerBehavior']> {
  return p === 'autoscaling' ? { type: 'autoscaling' } : { type: 'simple-maximum', maximum: p };
}

export function workerSettings(config: AppConfig): Pick<CaseWorkerOptions, 'tuning' | 'workflowBundle'> {
  const w = config.worker;
  const tuning: CaseWorkerOptions['tuning'] = {
    maxCachedWorkflows: w.maxCachedWorkflows,
    // The SDK caps workflow-task slots at the cache size; say so here rather than in a start-up warning.
    maxConcurrentWorkflowTaskExecutions:
      w.maxCachedWorkflows > 0
        ? Math.min(w.maxConcurrentWorkflowTaskExecutions, Math.max(w.maxCachedWorkflows, 2))
        : w.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: w.maxConcurrentActivityTaskExecutions,
    stickyQueueScheduleToStartTimeout: w.stickyQueueScheduleToStartTimeoutMs,
    workflowTaskPollerBehavior: pollers(w.pollers),
    activityTaskPollerBehavior: pollers(w.pollers),
  };
  if (config.workflowBundle === undefined) return { tuning };
  if (!existsSync(config.workflowBundle)) {
    throw new ConfigError(
      `Environment variable WORKFLOW_BUNDLE: ${config.workflowBundle} does not exist (build it with npm run build:workflows)`,
    );
  }
  return { tuning, workflowBundle: { codePath: config.workflowBundle } };
}
