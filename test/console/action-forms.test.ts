/**
 * The console's action forms (console/src/actions.ts) hold the API's limits (api/schemas/actions.ts): what a form
 * lets a person type, the API takes, and what the API refuses, the form does not let through. Checked against
 * the API's own body schemas, field by field.
 */
import { actionBodies } from '../../api/schemas/actions';
import { compensationOf, formsFor, type Field } from '../../console/src/actions';

/** The actions whose forms are only text: filled with `text` in every text area and a code where one is asked. */
const TEXT_ONLY = ['callback', 'notes', 'escalate', 'resolve', 'reopen', 'cancel', 'resume'] as const;

const fill = (fields: Field[], text: (f: Field) => string) =>
  Object.fromEntries(fields.map((f) => [f.name, f.kind === 'text' ? 'refunded' : text(f)]));

const maxLengthOf = (f: Field) => (f.kind === 'textarea' ? (f.maxLength ?? 2000) : 0);

describe.each(TEXT_ONLY)('the %s form', (action) => {
  const [form] = formsFor(action);
  const schema = actionBodies[action];

  test('every text area takes exactly as much as the API does', () => {
    for (const field of form!.fields.filter((f) => f.kind === 'textarea')) {
      const others = (f: Field) => (f === field ? '' : 'x');
      const at = form!.body({ ...fill(form!.fields, others), [field.name]: 'x'.repeat(maxLengthOf(field)) });
      const over = form!.body({
        ...fill(form!.fields, others),
        [field.name]: 'x'.repeat(maxLengthOf(field) + 1),
      });
      expect([field.name, schema.safeParse(at).success]).toEqual([field.name, true]);
      expect([field.name, schema.safeParse(over).success]).toEqual([field.name, false]);
    }
  });
});

test('the resolution code field lets through exactly the codes the API takes', () => {
  const code = formsFor('resolve')[0]!.fields.find((f) => f.name === 'code');
  expect(code?.kind === 'text' && code.pattern).toBeTruthy();
  const pattern = new RegExp(`^(?:${code!.kind === 'text' ? code!.pattern : ''})$`, 'v'); // as a browser reads it
  for (const sample of [
    'refunded',
    'remedy_delivered',
    'visa.granted-2',
    'Refunded in full',
    '-x',
    '',
    'x'.repeat(65),
  ]) {
    const api = actionBodies.resolve.safeParse({ code: sample, summary: 'done' }).success;
    expect([sample, pattern.test(sample)]).toEqual([sample, api]);
  }
});

test("asking the edge again is its compensation's form, with an optional note the API takes", () => {
  const [form] = formsFor('compensations/c3/recheck');
  expect(form!.label).toBe('Ask the edge again');
  expect(compensationOf('compensations/c3/recheck')).toBe('c3');
  expect(actionBodies.recheck.safeParse(form!.body({ note: '' })).success).toBe(true);
  expect(actionBodies.recheck.safeParse(form!.body({ note: 'x'.repeat(2000) })).success).toBe(true);
  expect(actionBodies.recheck.safeParse(form!.body({ note: 'x'.repeat(2001) })).success).toBe(false);
});
