/**
 * Four eyes for the platform's own proposals. The platform proposes by itself when a person's action leaves money
 * owed: a merchant's refusal recorded by a supervisor sets off an advance of the price; a rejected refund the
 * advance had counted is made up by a new proposal of the same amount. Were the proposal the platform's alone,
 * that person could approve it: a supervisor who proposed a refund, withdrew it and approved the platform's copy,
 * or who recorded a refusal and approved the advance it set off, moved the money alone. So the proposal names the
 * people it stands on (`setOffBy`), and none of them approves it (approval.ts).
 */
import type { EngineContext } from './case-context';
import type { Actor } from './domain';
import { PLATFORM_PROPOSALS_NAME_SETTERS_PATCH } from './patches';

const PEOPLE: readonly Actor['role'][] = ['manager', 'supervisor', 'head'];

/** Runs `apply` as `actor`'s action: the platform's proposals it sets off name them. */
export function actingAs(engine: { acting: Actor | undefined }, actor: Actor, apply: () => void): void {
  engine.acting = actor;
  try {
    apply();
  } finally {
    engine.acting = undefined;
  }
}

/**
 * Who a proposal by the platform stands on: the person acting now, and `alsoOn` (the proposer of a refund it makes
 * up); none for a proposal of a person, or one the platform makes by itself (a timer, a saga's outcome).
 */
export function settersOf(
  engine: EngineContext,
  proposedBy: string,
  alsoOn: readonly string[] = [],
): string[] {
  if (proposedBy !== 'system') return [];
  const acting = engine.acting && PEOPLE.includes(engine.acting.role) ? [engine.acting.id] : [];
  // The proposer of the refund a make-up replaces first: theirs is the nearer interest (approval.ts `keptOut`).
  const people = [...new Set([...alsoOn.filter((id) => id !== 'system'), ...acting])];
  if (people.length === 0 || !engine.versions.has(PLATFORM_PROPOSALS_NAME_SETTERS_PATCH)) return [];
  return people;
}
