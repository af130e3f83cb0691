/**
 * How each action of API.md's table is asked for: its button label (the button's accessible name) and the
 * form for its body. Which actions are offered is the API's `allowedActions`, and which of an action's choices
 * (wait on whom, which answer, which kind) its `actionChoices`: never decided here.
 */
import { COMPENSATION_KINDS, type ActionChoice } from '../../workflows/domain';
import { label, parseYuan } from './format';

export type Field =
  | {
      kind: 'text';
      name: string;
      label: string;
      required?: boolean;
      hint?: string;
      list?: string;
      /** The API's pattern for it (the browser says what is wrong before sending). */
      pattern?: string;
    }
  /** `maxLength`: the API's limit for the text (default 2,000 characters, a note's text 4,000). */
  | { kind: 'textarea'; name: string; label: string; required?: boolean; maxLength?: number }
  | { kind: 'select'; name: string; label: string; options: [value: string, label: string][] }
  | { kind: 'yuan'; name: string; label: string }
  | { kind: 'score'; name: string; label: string };

export interface ActionForm {
  /** The action as allowedActions and the URL name it (`wait`, `compensations/c1/approve`). */
  action: string;
  /** The button's text and accessible name. */
  label: string;
  fields: Field[];
  /** The request body from the form's values; a string is a problem to show instead of sending. */
  body: (values: Record<string, string>) => object | string;
}

/** As the API takes a resolution code: a short code, letters, digits, `_`, `.` and `-`, no spaces. */
const RESOLUTION_CODE = '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}';

const note: Field = { kind: 'textarea', name: 'note', label: 'Note (optional)' };
const reason: Field = { kind: 'textarea', name: 'reason', label: 'Reason', required: true };

/** Drops empty optional values: the API's bodies are strict and an empty note is not a note. */
function compact(values: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (values[n]?.trim() ? [[n, values[n].trim()]] : [])));
}

const simple = (action: string, text: string, fields: Field[]): ActionForm => ({
  action,
  label: text,
  fields,
  body: (values) =>
    compact(
      values,
      fields.map((f) => f.name),
    ),
});

const ANSWERS: [string, string][] = [
  ['merchant:accepted', 'Merchant accepted'],
  ['merchant:refused', 'Merchant refused'],
  ['carrier:found', 'Carrier found the parcel'],
  ['carrier:lost', 'Carrier lost the parcel'],
  ['consulate:approved', 'Consulate approved'],
  ['consulate:denied', 'Consulate denied'],
];

/** The values of `field` among the choices the API accepts; `all` when the API does not say (an older one). */
function offered<T extends string>(
  all: readonly T[],
  field: string,
  choices: ActionChoice[] | undefined,
): T[] {
  if (!choices) return [...all];
  const accepted = new Set(choices.map((c) => c[field]));
  return all.filter((v) => accepted.has(v));
}

/**
 * The forms of an allowed action: one, or one per accepted choice for `wait` (on the member, on a third party).
 * `choices`: the view's `actionChoices` for it.
 */
export function formsFor(action: string, choices?: ActionChoice[]): ActionForm[] {
  const approve = /^compensations\/([^/]+)\/approve$/.exec(action);
  if (approve) return [simple(action, 'Approve', [note])];
  if (/^compensations\/[^/]+\/reject$/.test(action)) return [simple(action, 'Reject', [reason])];
  if (/^compensations\/[^/]+\/recheck$/.test(action)) return [simple(action, 'Ask the edge again', [note])];
  switch (action) {
    case 'callback':
      return [simple(action, 'Call back', [note])];
    case 'notes':
      return [
        simple(action, 'Add note', [
          { kind: 'textarea', name: 'text', label: 'Note', required: true, maxLength: 4000 },
        ]),
      ];
    case 'wait':
      return offered(['member', 'third_party'] as const, 'on', choices).map((on) => ({
        action,
        label: on === 'member' ? 'Wait on member' : 'Wait on third party',
        fields: [reason],
        body: (values) => ({ on, ...compact(values, ['reason']) }),
      }));
    case 'resume':
      return [simple(action, 'Resume', [note])];
    case 'third-party-response': {
      const answers = choices
        ? ANSWERS.filter(([v]) => choices.some((c) => `${c.party}:${c.outcome}` === v))
        : ANSWERS;
      return [
        {
          action,
          label: 'Record third-party answer',
          fields: [{ kind: 'select', name: 'answer', label: 'Answer', options: answers }, note],
          body: (values) => {
            const [party, outcome] = (values.answer ?? answers[0]![0]).split(':');
            return { party, outcome, ...compact(values, ['note']) };
          },
        },
      ];
    }
    case 'compensations': {
      const kinds = offered(COMPENSATION_KINDS, 'kind', choices);
      return [
        {
          action,
          label: 'Propose compensation',
          fields: [
            {
              kind: 'select',
              name: 'kind',
              label: 'Kind',
              options: kinds.map((k) => [k, label(k)]),
            },
            { kind: 'yuan', name: 'amount', label: 'Amount (CNY)' },
            reason,
          ],
          body: (values) => {
            const fen = parseYuan(values.amount ?? '');
            if (fen === undefined || fen <= 0)
              return 'The amount is yuan with a dot for at most two decimals, e.g. 800, 4,200 or 99.50.';
            return {
              kind: values.kind ?? kinds[0],
              amount: { amount: fen, currency: 'CNY' },
              ...compact(values, ['reason']),
            };
          },
        },
      ];
    }
    case 'escalate':
      return [simple(action, 'Escalate', [reason])];
    case 'reassign':
      return [
        simple(action, 'Reassign', [
          {
            kind: 'text',
            name: 'managerId',
            label: 'New owner (manager id)',
            required: true,
            list: 'owners',
          },
          reason,
        ]),
      ];
    case 'resolve':
      return [
        simple(action, 'Resolve', [
          {
            kind: 'text',
            name: 'code',
            label: 'Resolution code',
            required: true,
            hint: 'e.g. refunded',
            pattern: RESOLUTION_CODE,
          },
          { kind: 'textarea', name: 'summary', label: 'Summary', required: true },
        ]),
      ];
    case 'reopen':
      return [simple(action, 'Reopen', [reason])];
    case 'rate':
      return [
        {
          action,
          label: 'Rate',
          fields: [
            { kind: 'score', name: 'score', label: 'Score (1-5)' },
            { ...note, name: 'comment', label: 'Comment' },
          ],
          body: (values) => ({ score: Number(values.score), ...compact(values, ['comment']) }),
        },
      ];
    case 'cancel':
      return [simple(action, 'Cancel', [reason])];
    default:
      // An action this console does not know yet: offered all the same, with its body as JSON.
      return [
        {
          action,
          label: label(action),
          fields: [{ kind: 'textarea', name: 'json', label: 'Body (JSON)' }],
          body: (values) => {
            try {
              return JSON.parse(values.json?.trim() || '{}') as object;
            } catch {
              return 'The body is not valid JSON.';
            }
          },
        },
      ];
  }
}

/** The compensation an approve, reject or recheck action is about, or undefined for a case-level action. */
export function compensationOf(action: string): string | undefined {
  return /^compensations\/([^/]+)\/(?:approve|reject|recheck)$/.exec(action)?.[1];
}
