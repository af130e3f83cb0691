/**
 * The failure converter of every client, worker and workflow bundle (`failureConverterPath`): Temporal's default,
 * with each failure's message and stack trace moved into a payload (`encodeCommonAttributes`) that the payload
 * codec seals like any other. A refusal's message comes from an outside system (a rail declining a payment may say
 * what for), and a stack trace from wherever it was thrown: without this they would be stored in clear in the
 * history. The Temporal UI shows them through the codec endpoint; a client without the keys cannot read them.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
