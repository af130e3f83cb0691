/** What someone who can read a case's history (but has no payload keys) can send to it: copies of its payloads. */
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { EncryptionCodec } from '../../codec';
import { TEST_PAYLOAD_KEYS } from './temporal';

/**
 * Opens what the case answers (its refusal's message is sealed, codec/failure-converter.ts) and seals nothing:
 * the test reads the answer as an engineer would through the codec endpoint; the outsider still sends without keys.
 */
const readsAnswers: PayloadCodec = {
  encode: async (payloads) => payloads,
  decode: (payloads) => new EncryptionCodec(TEST_PAYLOAD_KEYS).decode(payloads),
};

/** A client of the same cluster without the API's keys to send with: what the CLI and the Web UI are. */
export const outsiderOf = (env: TestWorkflowEnvironment, dataConverter: DataConverter = {}) =>
  new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: {
      ...dataConverter,
      payloadCodecs: [...(dataConverter.payloadCodecs ?? []), readsAnswers],
    },
  });

/** A client that sends, in place of whatever it is given, a payload copied from a history. */
export const copyingClient = (env: TestWorkflowEnvironment, copied: Payload) =>
  outsiderOf(env, {
    payloadCodecs: [{ encode: async (ps) => ps.map(() => copied), decode: async (ps) => ps }],
  });

/** The start input, or the arguments of the `nth` accepted update (0: the first), as stored in the history. */
export async function firstPayload(h: WorkflowHandle, pick: 'start' | 'update', nth = 0): Promise<Payload> {
  const events = (await h.fetchHistory()).events ?? [];
  const payload =
    pick === 'start'
      ? events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]
      : events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)[nth]
          ?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0];
  if (!payload) throw new Error(`no ${pick} payload in the history of ${h.workflowId}`);
  return payload as Payload;
}
