import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { createActivities, type ActivityDeps } from '../activities';
import { sealedDataConverter, type CodecLogger, type PayloadKeyring } from '../codec';
import { SHARED_WORKFLOW_MODULES } from '../platform/workflow-bundle';
import { TASK_QUEUE } from '../workflows/messages';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** The payload keys: the worker opens what the API sealed, seals what it writes, refuses what is not sealed. */
  payloadKeys: PayloadKeyring;
  /** Told (key id, never content) about payloads marked encrypted that do not open. */
  codecLogger?: CodecLogger;
  taskQueue?: string;
  /**
   * A prebuilt bundle (production start, tests), built with `payloadConverterPath: SEALED_PAYLOAD_CONVERTER_PATH`
   * (scripts/build-workflows.ts does); otherwise the workflows are bundled at start.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** How long in-flight activities may finish after shutdown is requested. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  tuning?: Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'stickyQueueScheduleToStartTimeout'
    | 'workflowTaskPollerBehavior'
    | 'activityTaskPollerBehavior'
  >;
}

export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    activities: createActivities(options.deps),
    // With a prebuilt bundle the workflows use the payload converter bundled in; activities use this one.
    dataConverter: sealedDataConverter(options.payloadKeys, options.codecLogger),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : {
          workflowsPath: path.resolve(__dirname, '../workflows/index.ts'),
          // Loaded once, shared by the cached cases (as in the prebuilt bundle: platform/workflow-bundle.ts).
          bundlerOptions: { preloadModules: SHARED_WORKFLOW_MODULES },
        }),
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    ...options.tuning,
  });
}
