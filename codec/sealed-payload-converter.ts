/**
 * The payload converter of workers, clients and the workflow bundle (`payloadConverterPath`): Temporal's default
 * JSON conversion, plus a mark on every object decoded from a payload that the encryption codec opened (one sealed
 * by the API or by a worker, with a key of the keyring). Workflow code asks `isSealed(args)` to refuse what was not
 * sent through the API: an update typed into the Temporal CLI or Web UI, a forged start.
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

/**
 * Metadata the codec's decode puts on a payload it decrypted (value: the key id). Its decode removes it from
 * every payload it did not decrypt, so no sender can forge it.
 */
export const SEALED_METADATA_KEY = 'concierge-sealed';

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
      if (Object.isExtensible(value))
        Object.defineProperty(value, SEALED, { value: true, enumerable: false });
    }
    return value;
  }
}

export const payloadConverter: PayloadConverter = new SealedAwarePayloadConverter();

/** Whether this value was decoded from a sealed payload (objects only: a bare string or null never is). */
export function isSealed(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [SEALED]?: unknown })[SEALED] === true;
}
