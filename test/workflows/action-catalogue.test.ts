/**
 * The case workflow registers one update per action of the catalogue (workflows/actions.ts), and besides them
 * only the opening's `caseReady` (sent with the start, workflows/messages.ts), as a running case reports them
 * (Temporal's built-in `__temporal_workflow_metadata` query); and every update name in a recorded history is
 * still one of them (a renamed update would strand the running cases that used it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_NAMES, ACTIONS } from '../../workflows/actions';
import { caseReadyUpdate } from '../../workflows/messages';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const updateNames = ACTION_NAMES.map((name) => ACTIONS[name].update.name);
const caseUpdateNames = [...updateNames, caseReadyUpdate.name];

interface Metadata {
  definition?: { updateDefinitions?: { name?: string; description?: string }[] };
}

test('a running case handles exactly the catalogue updates', () =>
  withWorker(suite.env, async (ctx) => {
    const handle = await ctx.open();
    const metadata = await handle.query<Metadata>('__temporal_workflow_metadata');
    const registered = (metadata.definition?.updateDefinitions ?? []).map((u) => [u.name, u.description]);
    expect(registered.sort()).toEqual(
      [
        ...updateNames.map((name) => [name, `case action ${name}`]),
        [caseReadyUpdate.name, "completed by the case's first workflow task: the API's opening waits for it"],
      ].sort(),
    );
  }));

test('every update in a recorded history is an update of the catalogue', () => {
  const root = path.resolve(__dirname, '../fixtures/histories');
  const recorded = new Set<string>();
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.json')) continue;
    const { events } = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as {
      events: {
        workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest: { input: { name: string } } };
      }[];
    };
    for (const e of events) {
      const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest.input.name;
      if (name !== undefined) recorded.add(name);
    }
  }
  expect(recorded.size).toBeGreaterThan(10);
  expect(recorded).toContain(caseReadyUpdate.name);
  expect([...recorded].filter((name) => !caseUpdateNames.includes(name))).toEqual([]);
});
