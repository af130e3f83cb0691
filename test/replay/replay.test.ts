/**
 * Every recorded history (test/fixtures/histories/<version>/*.json, see scripts/record-histories.ts) must replay
 * against the current workflow code: a change that would break a running case fails here, not in production.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workflowBundle } from '../support/temporal';

const root = path.resolve(__dirname, '../fixtures/histories');
const fixtures = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

test('there are recorded histories of every case type', () => {
  const types = new Set(fixtures.map(readType));
  expect([...types].sort()).toEqual([
    'concierge',
    'dispute',
    'lost_goods',
    'travel_cancellation',
    'visa_help',
  ]);
});

test.each(fixtures)('%s replays against the current workflow code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(root, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
});

/** The case type from the start input (a fresh case, or the state carried by continue-as-new). */
function readType(file: string): string {
  const start = JSON.parse(readFileSync(path.join(root, file), 'utf8')).events[0]
    .workflowExecutionStartedEventAttributes;
  const input = JSON.parse(Buffer.from(start.input.payloads[0].data, 'base64').toString('utf8'));
  return input.open?.type ?? input.resume.view.type;
}
