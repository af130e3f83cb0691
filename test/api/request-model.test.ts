/**
 * The request model itself (request-model.ts and its siblings), the oracle of the bad-input properties: its
 * valid generators satisfy its rules, and it covers every case type of API.md.
 */
import fc from 'fast-check';
import { ACTIONS, isValidAction, validAction } from './bad-input-requests';
import { CASE_DETAILS, CASE_TYPES, openCaseSpec } from './request-model';
import { isValid } from './request-rules';
import { validArb } from './request-valid-values';

describe('the model itself', () => {
  // Guards the oracle: the valid generators satisfy the model and every case type is covered.
  test('valid generators produce valid values; the case types are those of API.md', () => {
    expect(CASE_TYPES.sort()).toEqual([
      'concierge',
      'dispute',
      'lost_goods',
      'travel_cancellation',
      'visa_help',
    ]);
    expect(Object.keys(CASE_DETAILS)).toHaveLength(5);
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_TYPES).chain((t) => validArb(openCaseSpec(t)).map((v) => [t, v] as const)),
        ([t, v]) => isValid(openCaseSpec(t), v),
      ),
      { numRuns: 200 },
    );
    for (const action of ACTIONS) {
      fc.assert(
        fc.property(validAction(action), (v) => isValidAction(action, v)),
        { numRuns: 50 },
      );
    }
  });
});
