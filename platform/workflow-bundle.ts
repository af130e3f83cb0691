/**
 * `npm run build:workflows [out]`: bundles the workflow code once (default `dist/workflow-bundle.js`), so a
 * production worker started with WORKFLOW_BUNDLE=<that file> skips webpack at start-up.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEALED_PAYLOAD_CONVERTER_PATH } from '../codec';

export const DEFAULT_BUNDLE = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

export async function buildWorkflowBundle(out = DEFAULT_BUNDLE): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '..', 'workflows', 'index.ts'),
    // The workflows ask it whether an input was sealed by the API (codec/sealed-payload-converter.ts).
    payloadConverterPath: SEALED_PAYLOAD_CONVERTER_PATH,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  return out;
}
