/**
 * `npm run build:workflows [out]`: bundles the workflow code once (default `dist/workflow-bundle.js`), so a
 * production worker started with WORKFLOW_BUNDLE=<that file> skips webpack at start-up.
 */
import path from 'node:path';
import { buildWorkflowBundle } from '../platform/workflow-bundle';

buildWorkflowBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
  (out) => process.stdout.write(`Workflow bundle written to ${out}\n`),
  (err: unknown) => {
    process.stderr.write(`Bundling the workflows failed: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  },
);
