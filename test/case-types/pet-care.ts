/**
 * A sixth case type that only the tests know, plugged in without editing any shipped file: a pet sitter's visit
 * went wrong. Its details name their money `fee` and their merchant `sitterId` (not `price` / `merchantId`), and
 * it has a policy number of its own with a default, so each thing a type contributes is exercised.
 */
import type { EngineContext } from '../../workflows/case-context';
import type { CaseTypeModule, Details } from '../../workflows/case-types/case-type';
import {
  answerWait,
  awaiting,
  startWait,
  windowDeadline,
  type ThirdPartyWait,
} from '../../workflows/case-types/third-party-wait';
import { policyMs } from '../../workflows/case-types/type-policy';
import type { Money } from '../../workflows/domain';

interface PetCareDetails {
  sitterId: string;
  petName: string;
  fee: Money;
  visitDate: string;
}
interface PetCareState {
  sitter?: ThirdPartyWait;
}

const of = (d: Details) => d as unknown as PetCareDetails;
const typeState = (e: EngineContext) => e.state.typeState as PetCareState;

/** The shipped default of its policy number: the case captures it unless the policy file says otherwise. */
export const SITTER_RESPONSE_WINDOW = '36h';

/** After the callback the sitter is asked what happened and has the response window to answer. */
export const petCare: CaseTypeModule = {
  type: 'pet_care',
  details: ({ z, id, text, positiveMoney, dateOrDateTime }) =>
    z.strictObject({ sitterId: id, petName: text(100), fee: positiveMoney, visitDate: dateOrDateTime }),
  policy: { sitterResponseWindow: SITTER_RESPONSE_WINDOW },
  refundablePrice: (d) => of(d).fee,
  payee: (d) => of(d).sitterId,

  onCallback(engine) {
    const d = of(engine.view.details);
    typeState(engine).sitter = startWait(
      engine,
      'merchant',
      policyMs(engine, 'sitterResponseWindow'),
      `sitter ${d.sitterId} asked about ${d.petName}'s visit`,
    );
  },

  expectsResponse: (engine, a) => a.party === 'merchant' && awaiting(typeState(engine).sitter, 'merchant'),

  applyThirdPartyResponse(engine, a) {
    answerWait(engine, typeState(engine).sitter!);
    engine.record('sitter_answered', a.actor.id, `the sitter ${a.outcome} to make it right`);
  },

  deadlines(engine) {
    return windowDeadline(engine, typeState(engine).sitter, policyMs(engine, 'sitterResponseWindow'), () => {
      engine.record('sitter_silent', 'system', 'the sitter did not answer in time: the manager decides');
    });
  },
};
