/**
 * What an engineer reads at the top of a case in the Temporal UI: its current details, set again by every run.
 * The static summary the API sets at the start is not carried into a run that continues as new, so the details
 * say whom the case is for too, then where it stands and what it waits for next: ids, kinds and times only.
 */
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { notesUntilContinued } from '../support/many-notes';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

test("a case's current details name it, its standing and what it waits for, in every run", () =>
  withWorker(suite.env, async (ctx) => {
    const input = { ...openInput(), requestedAt: await suite.env.currentTimeMs() };
    input.historyEventsPerRun = 40;
    const h = await ctx.start(input);
    await notesUntilContinued(h, actors.xinyao);
    const v = await h.query(m.caseViewQuery);
    const { currentDetails } = await h.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(currentDetails?.split('\n\n')).toEqual([
      `${v.type} case · ${v.member.tier} member ${v.member.id} · manager mgr-xinyao`,
      '**awaiting_callback** · level 0 · owner mgr-xinyao',
      `next due ${v.nextDueAt}: callback SLA 3m runs out`,
    ]);
    expect(currentDetails).not.toContain(v.member.name ?? 'no name');
  }));
