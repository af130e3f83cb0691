/**
 * A merchant's, carrier's or consulate's answer, recorded by the case's owner: the case type's step advances,
 * or, for a merchant asked to pay back an advance refund, the recovery goes on.
 */
import type { CaseEngine } from './case-engine';
import * as recovery from './recovery';
import { OPEN_STATUSES, THIRD_PARTY_ANSWERS, type ThirdParty, type ThirdPartyOutcome } from './domain';
import { REJECTIONS, type ThirdPartyResponseArgs } from './messages';
import { relaxedRule } from './later-rules';
import { RESOLVED_CASE_ANSWERS_RECOVERY_PATCH, STANDING_REQUESTS_ANSWERED_PATCH } from './patches';
import { invalidTransition, reject } from './rejection';

/** What each party may answer (the API's schema allows these pairs only, too). */
const OUTCOMES: Record<ThirdParty, readonly ThirdPartyOutcome[]> = THIRD_PARTY_ANSWERS;

export function checkThirdPartyResponse(engine: CaseEngine, a: ThirdPartyResponseArgs): void {
  checkAnswerApplies(engine, a);
  // Validator-only (case-type.ts): rules that came after recorded histories.
  if (engine.view.status === 'resolved' && engine.caseType.expectsResponse?.(engine, a)) {
    const refuse = () =>
      invalidTransition(
        `case ${engine.view.id} is resolved: its step waiting for the ${a.party} ended with it (reopen the case to act on this answer)`,
      );
    // The merchant's answer about an advance it is to pay back is taken (forTheStep): refused before.
    if (answersRecovery(engine, a))
      relaxedRule(engine.versions, RESOLVED_CASE_ANSWERS_RECOVERY_PATCH, refuse);
    else refuse();
  }
  engine.caseType.checkThirdPartyResponse?.(engine, a);
}

/** What the handler checks again before taking an answer: what it checked when the first histories were recorded. */
function checkAnswerApplies(engine: CaseEngine, a: ThirdPartyResponseArgs): void {
  engine.guard('third-party-response', a.actor, [...OPEN_STATUSES, 'resolved']);
  if (!OUTCOMES[a.party].includes(a.outcome)) {
    reject(
      REJECTIONS.validationFailed,
      `a ${a.party} answers ${OUTCOMES[a.party].join(' or ')}, not ${a.outcome}`,
    );
  }
  if (engine.caseType.expectsResponse?.(engine, a)) return;
  if (answersRecovery(engine, a)) return;
  const refuse = () =>
    invalidTransition(`no ${a.party} response is expected on this ${engine.view.type} case now`);
  // Taken since a trip's standing refund requests could be answered: refused before, as a held answer replays.
  if (engine.caseType.takesLateAnswer?.(engine, a))
    relaxedRule(engine.versions, STANDING_REQUESTS_ANSWERED_PATCH, refuse);
  else refuse();
}

/** A merchant's answer where an advance refund waits to be paid back by it. */
function answersRecovery(engine: CaseEngine, a: ThirdPartyResponseArgs): boolean {
  return a.party === 'merchant' && recovery.awaitingRecovery(engine).length > 0;
}

/**
 * Whether the answer goes to the type's step. On a resolved case the step's wait ended with the resolution, so a
 * merchant's answer there is about paying back an advance refund (a case of a version before: the step, as then).
 */
function forTheStep(engine: CaseEngine, a: ThirdPartyResponseArgs): boolean {
  if (!engine.caseType.expectsResponse?.(engine, a)) return false;
  return !(
    engine.view.status === 'resolved' &&
    answersRecovery(engine, a) &&
    engine.versions.has(RESOLVED_CASE_ANSWERS_RECOVERY_PATCH)
  );
}

export function thirdPartyResponse(engine: CaseEngine, a: ThirdPartyResponseArgs): void {
  checkAnswerApplies(engine, a);
  // A late answer was refused here before (checkAnswerApplies's old rule): a history recorded then replays so.
  const late = !forTheStep(engine, a) && !answersRecovery(engine, a);
  if (late && !engine.versions.has(STANDING_REQUESTS_ANSWERED_PATCH))
    invalidTransition(`no ${a.party} response is expected on this ${engine.view.type} case now`);
  engine.record(
    'third_party_response',
    a.actor.id,
    `${a.party} answered: ${a.outcome}${a.note ? ` (${a.note})` : ''}`,
  );
  if (forTheStep(engine, a)) engine.caseType.applyThirdPartyResponse?.(engine, a);
  else if (answersRecovery(engine, a))
    recovery.merchantRecoveryAnswer(engine, a.outcome === 'accepted', a.actor.id);
  else engine.caseType.applyThirdPartyResponse?.(engine, a); // a late answer the type takes
}
