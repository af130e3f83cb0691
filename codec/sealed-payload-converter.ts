/**
 * The payload converter of workers, clients and the workflow bundle (`payloadConverterPath`): Temporal's default
 * JSON conversion, plus a mark on every object decoded from a payload that the encryption codec opened (one sealed
 * by the API or by a worker, with a key of the keyring), with the workflow it was sealed for. Workflow code asks
 * `sealedFor(args)` to refuse what was not sent through the API for this very case: an update typed into the
 * Temporal CLI or Web UI, a forged start, or a sealed payload copied from another case's history.
 *
 * Bundled into workflow code: deterministic and sandbox-safe (no Node built-ins, no zod, no config).
 */
import {
  defaultPayloadConverter,
  type ConverterHint,
  type Payload,
  type PayloadConverter,
  type SerializationContext,
} from '@temporalio/common';
import { decode } from '@temporalio/common/lib/encoding';

/**
 * Metadata the codec's decode puts on a payload it decrypted (value: the key id). Its decode removes it from
 * every payload it did not decrypt, so no sender can forge it.
 */
export const SEALED_METADATA_KEY = 'concierge-sealed';

/**
 * Inner metadata the codec's encode seals in with the payload: the workflow id of its serialization context
 * (the case it was written for). Authentic only inside a sealed payload; decode removes it from any other.
 */
export const WORKFLOW_METADATA_KEY = 'concierge-workflow-id';

/** Metadata the codec's decode puts on a payload it decrypted: the seal's own id (its IV), unique per payload. */
export const SEAL_ID_METADATA_KEY = 'concierge-seal-id';

/** A registered symbol: the same in every module instance of the sandbox, invisible to JSON and to spreads. */
const SEALED = Symbol.for('concierge.sealed');

class SealedAwarePayloadConverter implements PayloadConverter {
  toPayload<T>(value: T, context?: SerializationContext, hint?: ConverterHint<T>): Payload {
    return defaultPayloadConverter.toPayload(value, context, hint);
  }

  fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T {
    const value = defaultPayloadConverter.fromPayload<T>(payload, context, hint);
    const mark = payload.metadata?.[SEALED_METADATA_KEY];
    if (mark !== undefined && mark !== null && typeof value === 'object' && value !== null) {
      const bound = payload.metadata?.[WORKFLOW_METADATA_KEY];
      const id = payload.metadata?.[SEAL_ID_METADATA_KEY];
      const seal: Seal = { workflowId: bound ? decode(bound) : undefined, id: id ? decode(id) : undefined };
      if (Object.isExtensible(value))
        Object.defineProperty(value, SEALED, { value: seal, enumerable: false });
    }
    return value;
  }
}

export const payloadConverter: PayloadConverter = new SealedAwarePayloadConverter();

interface Seal {
  workflowId: string | undefined;
  id: string | undefined;
}

function sealOf(value: unknown): Seal | undefined {
  return typeof value === 'object' && value !== null ? (value as { [SEALED]?: Seal })[SEALED] : undefined;
}

/** Whether this value was decoded from a sealed payload (objects only: a bare string or null never is). */
export function isSealed(value: unknown): boolean {
  return sealOf(value) !== undefined;
}

/** The workflow id a sealed value was written for (undefined: not sealed, or sealed outside any workflow). */
export function sealedFor(value: unknown): string | undefined {
  return sealOf(value)?.workflowId;
}

/** The id of the seal a value was decoded from: the same message sent twice has the same one. */
export function sealIdOf(value: unknown): string | undefined {
  return sealOf(value)?.id;
}
