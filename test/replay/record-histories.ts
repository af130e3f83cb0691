/**
 * Records the histories of every replay scenario (test/replay/scenarios.ts) into test/fixtures/histories/<dir>.
 * Run it before changing workflow code, keep the fixtures, and the replay test proves old histories still
 * replay: `npm run record-histories -- v2` writes test/fixtures/histories/v2/*.json. Names after the label record
 * those scenarios only (into an older label, with the code of that label, for scenarios added later).
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pagerFaults, scenarioFaults } from './scenario-faults';
import { scenarios } from './scenarios';
import { testActivities } from '../support/activities';
import { startTimeSkipping, testDataConverter, workflowBundle } from '../support/temporal';

async function main(): Promise<void> {
  const label = process.argv[2] ?? 'current';
  const only = new Set(process.argv.slice(3));
  const unknown = [...only].filter((name) => !(name in scenarios));
  if (unknown.length > 0) throw new Error(`no such scenario: ${unknown.join(', ')}`);
  const outDir = path.resolve(__dirname, '../fixtures/histories', label);
  mkdirSync(outDir, { recursive: true });
  const env = await startTimeSkipping();
  try {
    const taskQueue = 'record-histories';
    const recorded = testActivities({ faults: { before: scenarioFaults } }).activities;
    // The pager refuses what scenario-faults.ts says it does; the rest goes through.
    const activities: typeof recorded = {
      ...recorded,
      notifyOwner: async (n) => {
        pagerFaults(n);
        await recorded.notifyOwner(n);
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      // Sealed with the tests' payload keys, as the API and the worker seal with theirs; the replay test has them.
      dataConverter: testDataConverter,
      activities,
    });
    await worker.runUntil(async () => {
      for (const [name, scenario] of Object.entries(scenarios)) {
        if (only.size > 0 && !only.has(name)) continue;
        const runs = await scenario({ env, taskQueue });
        for (const [i, run] of runs.entries()) {
          const history = await env.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
          const file = path.join(outDir, `${name}${runs.length > 1 ? `.${i + 1}` : ''}.json`);
          writeFileSync(file, `${historyToJSON(history)}\n`);
          process.stdout.write(
            `${path.relative(process.cwd(), file)}: ${history.events?.length ?? 0} events\n`,
          );
        }
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
