/**
 * `npm run build:workflows [out]`: bundles the workflow code once (default `dist/workflow-bundle.js`), so a
 * production worker started with WORKFLOW_BUNDLE=<that file> skips webpack at start-up.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEALED_FAILURE_CONVERTER_PATH, SEALED_PAYLOAD_CONVERTER_PATH } from '../codec';

export const DEFAULT_BUNDLE = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

const WORKFLOWS = path.resolve(__dirname, '..', 'workflows');

/** The workflow shell and the case type registry: each case loads its own (see SHARED_WORKFLOW_MODULES). */
export const PER_CASE_WORKFLOW_MODULES = ['index.ts', 'case-workflow.ts', 'case-types/index.ts'].map((m) =>
  path.join(WORKFLOWS, m),
);

/**
 * Workflow modules the worker loads once and every cached case shares (the SDK's `preloadModules`), with all
 * they import. By default each cached case loads its own copy of every module in the bundle, in the worker's one
 * reusable V8 context: about 80 KiB of module objects, export getters and closures per case, half the heap a
 * cached case costs. Shared modules must hold no per-case state at module scope (the SDK freezes their exports).
 * Not shared: the workflow shell and the case type registry, which a workflows entry may add its own types to as
 * it loads (test/case-types/pet-care-workflows.ts), so each case keeps its own registry.
 */
export const SHARED_WORKFLOW_MODULES = [
  'action-handlers',
  'actions',
  'applied-requests',
  'case-engine',
  'case-opening',
  'deadline-timers',
  'effects',
  'messages',
  'opening-time',
  'owner-notifications',
  'record-budget',
  'search-attributes',
  'sealed-input',
  'case-types/concierge',
  'case-types/dispute',
  'case-types/lost-goods',
  'case-types/travel-cancellation',
  'case-types/visa-help',
].map((m) => path.join(WORKFLOWS, `${m}.ts`));

export async function buildWorkflowBundle(out = DEFAULT_BUNDLE): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(WORKFLOWS, 'index.ts'),
    // The workflows ask it whether an input was sealed by the API (codec/sealed-payload-converter.ts).
    payloadConverterPath: SEALED_PAYLOAD_CONVERTER_PATH,
    failureConverterPath: SEALED_FAILURE_CONVERTER_PATH,
    preloadModules: SHARED_WORKFLOW_MODULES,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  return out;
}
