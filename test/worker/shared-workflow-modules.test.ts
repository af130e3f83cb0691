/**
 * The workflow modules every cached case shares (platform/workflow-bundle.ts): the bundle preloads them, and
 * neither they nor anything they import is a module each case must load for itself (the workflow shell, the
 * case type registry a workflows entry adds its types to).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildWorkflowBundle,
  PER_CASE_WORKFLOW_MODULES,
  SHARED_WORKFLOW_MODULES,
} from '../../platform/workflow-bundle';

/** The project modules a module imports for their values (`import type` is erased). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)';/gm)].map(
    (m) => m[1]!,
  );
  return specifiers.map((s) => {
    const base = path.resolve(path.dirname(file), s);
    return existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
  });
}

function importedFrom(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...valueImports(file));
  }
  return seen;
}

test('the shared modules exist, and share no module a case must load for itself', () => {
  for (const file of SHARED_WORKFLOW_MODULES) expect(existsSync(file)).toBe(true);
  const shared = importedFrom(SHARED_WORKFLOW_MODULES);
  expect(PER_CASE_WORKFLOW_MODULES.filter((file) => shared.has(file))).toEqual([]);
  // The registry is what makes a module per case: a module importing it would share it.
  expect(importedFrom([path.resolve(__dirname, '../../workflows/case-workflow.ts')])).toContain(
    PER_CASE_WORKFLOW_MODULES[2],
  );
});

test('the prebuilt bundle preloads the shared modules', async () => {
  const out = path.join(os.tmpdir(), `shared-modules-${process.pid}.js`);
  try {
    const code = readFileSync(await buildWorkflowBundle(out), 'utf8');
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    const root = path.resolve(__dirname, '../..');
    for (const file of SHARED_WORKFLOW_MODULES) {
      expect(preload).toContain(`"./${path.relative(root, file)}"`);
    }
  } finally {
    rmSync(out, { force: true });
  }
}, 120_000);
