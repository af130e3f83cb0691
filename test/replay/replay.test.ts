/**
 * Every recorded history (test/fixtures/histories/<version>/*.json, see test/replay/record-histories.ts) must replay
 * against the current workflow code: a change that would break a running case fails here, not in production.
 * Replays use the tests' payload keys: histories recorded before payload encryption hold plain payloads, which
 * decode as they are (unsealed, which only new messages are refused for); newer ones are sealed with those keys.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EncryptionCodec } from '../../codec';
import { payloadConverter } from '../../codec/sealed-payload-converter';
import { TEST_PAYLOAD_KEYS, testDataConverter, workflowBundle } from '../support/temporal';
import {
  ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH,
  CALENDAR_IN_BACKGROUND_PATCH,
  CALENDAR_WAKE_PATCH,
  DROP_STALE_APPROVAL_REQUESTS_PATCH,
  LIMIT_COUNTS_VISA_REFUNDS_PATCH,
  NEW_KEY_AFTER_REFUSED_COLLECTION_PATCH,
  STANDING_REQUESTS_ANSWERED_PATCH,
  PLATFORM_PROPOSALS_NAME_SETTERS_PATCH,
  REWARN_AFTER_DROPPED_WARNING_PATCH,
  RETRIED_UPDATE_ANSWERED_PATCH,
  VISA_GRANTED_WHILE_MONEY_OPEN_PATCH,
  REASSIGN_ASKS_NEW_APPROVERS_PATCH,
  REASSIGN_RESTARTS_LADDER_PATCH,
  RECHECK_LOOKS_ONLY_PATCH,
  REOPEN_TELLS_OWNER_PATCH,
  SET_ASIDE_WINDOWS_NOT_DUE_PATCH,
} from '../../workflows/patches';
import { scenarios } from './scenarios';

const root = path.resolve(__dirname, '../fixtures/histories');
const fixtures = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

/** The label recorded last (`v3-…` after `v2-…`): it must hold every scenario, recorded with today's code. */
const labels = [...new Set(fixtures.map((f) => f.split(path.sep)[0]!))].sort((a, b) =>
  a.localeCompare(b, 'en', { numeric: true }),
);
const newest = labels.at(-1)!;
const newestFiles = fixtures.filter((f) => f.startsWith(`${newest}${path.sep}`));

// The newest label, not any label: an older one replays only the code paths of its day.
test('the newest label has recorded histories of every case type', () => {
  const types = new Set(newestFiles.map(readType));
  expect([...types].sort()).toEqual([
    'concierge',
    'dispute',
    'lost_goods',
    'travel_cancellation',
    'visa_help',
  ]);
});

test('the newest label holds every scenario, and so every main path the README promises', () => {
  const recorded = new Set(newestFiles.map((f) => path.basename(f).replace(/(\.\d+)?\.json$/, '')));
  expect([...recorded].sort()).toEqual(Object.keys(scenarios).sort());
  const events = newestFiles.flatMap(
    (f) => JSON.parse(readFileSync(path.join(root, f), 'utf8')).events as Record<string, unknown>[],
  );
  const has = (type: string, attributes: (e: Record<string, unknown>) => boolean = () => true) =>
    events.some((e) => e.eventType === `EVENT_TYPE_${type}` && attributes(e));
  const activity = (name: string) => (e: Record<string, unknown>) =>
    JSON.stringify(e.activityTaskScheduledEventAttributes).includes(`"name":"${name}"`);
  /** A local activity's marker names its type in its `data` detail (the SDK's JSON, base64 in the file). */
  const local = (name: string) => (e: Record<string, unknown>) => {
    const attributes = e.markerRecordedEventAttributes as
      { markerName?: string; details?: { data?: { payloads?: { data?: string }[] } } } | undefined;
    const data = attributes?.details?.data?.payloads?.[0]?.data;
    if (attributes?.markerName !== 'core_local_activity' || !data) return false;
    return Buffer.from(data, 'base64').toString('utf8').includes(`"activity_type":"${name}"`);
  };
  /** A patch marker names its patch in its `patch-data` detail (JSON, base64 in the file). */
  const patch = (id: string) => (e: Record<string, unknown>) => {
    const attributes = e.markerRecordedEventAttributes as
      { markerName?: string; details?: { 'patch-data'?: { payloads?: { data?: string }[] } } } | undefined;
    const data = attributes?.details?.['patch-data']?.payloads?.[0]?.data;
    if (attributes?.markerName !== 'core_patch' || !data) return false;
    return Buffer.from(data, 'base64').toString('utf8').includes(`"id":"${id}"`);
  };
  expect(has('WORKFLOW_EXECUTION_CONTINUED_AS_NEW')).toBe(true); // continue-as-new
  expect(has('START_CHILD_WORKFLOW_EXECUTION_INITIATED')).toBe(true); // a linked case
  expect(has('ACTIVITY_TASK_SCHEDULED', activity('reversePayment'))).toBe(true); // a saga undone
  expect(has('ACTIVITY_TASK_SCHEDULED', activity('notifyOwner'))).toBe(true); // reassignments, approvals
  expect(has('MARKER_RECORDED', local('notifyOwner'))).toBe(true); // openings, SLA escalations
  expect(has('TIMER_FIRED')).toBe(true); // SLA, approval and type windows
  expect(has('ACTIVITY_TASK_SCHEDULED', activity('calendarIntervals'))).toBe(true); // business hours extended
  expect(has('ACTIVITY_TASK_SCHEDULED', activity('lookUpEdgeCall'))).toBe(true); // an unconfirmed step checked
  expect(has('MARKER_RECORDED', patch(CALENDAR_WAKE_PATCH))).toBe(true); // an idle case woken for its calendar
  // Since v22: a reassignment from the top of the ladder, with a proposal waiting; a reopen that sets a window
  // aside; the API's note retried after continue-as-new; a visa granted with a gift waiting; the platform's
  // advance beside the manager's. (`payee-as-paid` is folded into generation 3, which the recorded cases carry.)
  for (const id of [
    REASSIGN_RESTARTS_LADDER_PATCH,
    REASSIGN_ASKS_NEW_APPROVERS_PATCH,
    REOPEN_TELLS_OWNER_PATCH,
    SET_ASIDE_WINDOWS_NOT_DUE_PATCH,
    RETRIED_UPDATE_ANSWERED_PATCH,
    VISA_GRANTED_WHILE_MONEY_OPEN_PATCH,
    ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH,
    // Since v23: an approval request and a warning dropped unsent, the warning given again; a platform's advance
    // set off by a person's recorded refusal. (`penalty-cover-after-requests` is asked only when a held cover is
    // refused while its trip settles, which no scenario holds.)
    DROP_STALE_APPROVAL_REQUESTS_PATCH,
    REWARN_AFTER_DROPPED_WARNING_PATCH,
    PLATFORM_PROPOSALS_NAME_SETTERS_PATCH,
    // Since v24: a trip case's instant-refund limit counting the visa case's refund of its price.
    // (`trip-price-refunded-once` is asked only of a held price refund refused while the trip's merchants refund
    // its price, or of one still waiting when the refunds are requested; `unanswered-steps-marked` only when a step
    // fails unanswered: no scenario holds either.)
    LIMIT_COUNTS_VISA_REFUNDS_PATCH,
    // Since v25: a collection the rail refused, asked again under a new key; a trip's standing request answered.
    NEW_KEY_AFTER_REFUSED_COLLECTION_PATCH,
    STANDING_REQUESTS_ANSWERED_PATCH,
    // Since v26: a calendar extended beside the case's work, not awaited in its loop.
    CALENDAR_IN_BACKGROUND_PATCH,
    // Since v27: a person's check of an unconfirmed step, looked up at its edge.
    RECHECK_LOOKS_ONLY_PATCH,
  ])
    expect([id, has('MARKER_RECORDED', patch(id))]).toEqual([id, true]);
  expect(has('MARKER_RECORDED', local('countSlaBreach'))).toBe(true); // a breach at the top
});

test.each(labels)(
  'every history of %s replays against the current workflow code',
  async (label) => {
    // One replay worker per label: a worker per history spent most of this test starting workers.
    const files = fixtures.filter((f) => f.startsWith(`${label}${path.sep}`));
    const histories = files.map((file) => ({
      workflowId: file,
      history: historyFromJSON(JSON.parse(readFileSync(path.join(root, file), 'utf8'))),
    }));
    const failures: { file: string; error: string }[] = [];
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
      histories,
    )) {
      replayed.push(result.workflowId);
      if (result.error) failures.push({ file: result.workflowId, error: String(result.error) });
    }
    expect(failures).toEqual([]);
    expect(replayed).toEqual(files);
  },
  300_000,
);

/** The case type from the start input (a fresh case, or the state carried by continue-as-new). */
function readType(file: string): string {
  const start = JSON.parse(readFileSync(path.join(root, file), 'utf8')).events[0]
    .workflowExecutionStartedEventAttributes;
  const payload = start.input.payloads[0];
  const input = payloadConverter.fromPayload<{
    open?: { type: string };
    resume?: { view: { type: string } };
  }>(
    new EncryptionCodec(TEST_PAYLOAD_KEYS).decodeOne({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata as Record<string, string>).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64'),
        ]),
      ),
      data: Buffer.from(payload.data, 'base64'),
    }),
  );
  return input.open?.type ?? input.resume!.view.type;
}
