/**
 * The failure converter of every client, worker and workflow bundle (`failureConverterPath`): Temporal's default,
 * with each failure's message and stack trace moved into a payload (`encodeCommonAttributes`) that the payload
 * codec seals like any other. A refusal's message comes from an outside system (a rail declining a payment may say
 * what for), and a stack trace from wherever it was thrown: without this they would be stored in clear in the
 * history. The Temporal UI shows them through the codec endpoint; a client without the keys cannot read them.
 */
import { DefaultFailureConverter, type PayloadConverter, type ProtoFailure } from '@temporalio/common';

const plain = new DefaultFailureConverter();

/** The SDK's IllegalStateError, as thrown or as the workflow wraps it (an ApplicationFailure of that type). */
const isSdkState = (err: unknown) =>
  err instanceof Error &&
  (err.name === 'IllegalStateError' || (err as { type?: unknown }).type === 'IllegalStateError');

class SealedFailureConverter extends DefaultFailureConverter {
  constructor() {
    super({ encodeCommonAttributes: true });
  }

  override errorToFailure(err: unknown, payloadConverter: PayloadConverter): ProtoFailure {
    // The SDK's own states say nothing personal, and their reader may hold no keys: the Web UI's stack trace query
    // on a worker without stack traces is answered "not enabled", which the UI must show as it is.
    if (isSdkState(err)) return plain.errorToFailure(err, payloadConverter);
    return super.errorToFailure(err, payloadConverter);
  }
}

export const failureConverter = new SealedFailureConverter();
