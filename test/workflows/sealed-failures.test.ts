/**
 * Personal data never appears in clear in Temporal (DOMAIN.md, "Personal data"). A failure's message is written
 * by whoever failed: an outside system's refusal may say what it refused (the scarf for the member). Failures are
 * sealed like payloads (codec/failure-converter.ts): the history keeps "Encoded failure", and the message opens
 * only with the payload keys, as the codec endpoint opens it for the Web UI.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { failForGood } from '../support/edges';
import { oddPolicy } from '../support/odd-policy';
import { openedMessage } from '../support/sealed-failures';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const REFUSAL = 'carrier refused the parcel addressed to Zhao Yunlan';

test("an edge's refusal is sealed in the history: its message opens only with the payload keys", () =>
  withWorker(
    suite.env,
    { name: 'sealed-failure', faults: failForGood('ship', '/c1/', REFUSAL) },
    async (ctx) => {
      const h = await ctx.open({ type: 'concierge', policy: oddPolicy(), details: { request: 'a scarf' } });
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await h.startUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20_000), reason: 'scarf' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await suite.env.sleep('15m');
      const history = await h.fetchHistory();
      const failed = (history.events ?? []).flatMap((e) =>
        e.activityTaskFailedEventAttributes?.failure ? [e.activityTaskFailedEventAttributes.failure] : [],
      );
      expect(failed).toHaveLength(1);
      expect(failed[0]!.message).toBe('Encoded failure');
      expect(JSON.stringify(history)).not.toContain('Zhao Yunlan');
      // The refusal's cause (the activity's own error) is sealed too.
      expect(await openedMessage(failed[0]!.cause ?? failed[0]!)).toBe(REFUSAL);
    },
  ));
