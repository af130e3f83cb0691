/**
 * The data converter of every Temporal client and worker of the system (API, worker, launcher, tests, replay):
 * the sealed-aware payload converter and the failure converter (both also bundled into the workflow code), and the
 * encryption codec.
 */
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type UnreadableListener } from './encryption-codec';
import type { PayloadKeyring } from './keyring';

/** Path of the payload converter module, for `payloadConverterPath` and `bundleWorkflowCode`. */
export const SEALED_PAYLOAD_CONVERTER_PATH = require.resolve('./sealed-payload-converter');
/** Path of the failure converter module (failures sealed too), for `failureConverterPath` and `bundleWorkflowCode`. */
export const SEALED_FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** Minimal logger (pino's shape) for payloads that do not open. */
export interface CodecLogger {
  warn(obj: object, msg: string): void;
}

export function unreadableLogger(logger: CodecLogger): UnreadableListener {
  return ({ keyId, reason }) =>
    logger.warn(
      { keyId: keyId ?? null, reason },
      'A payload marked encrypted does not open with the payload keys: treated as null and not sealed',
    );
}

export function sealedDataConverter(keyring: PayloadKeyring, logger?: CodecLogger): DataConverter {
  return {
    payloadConverterPath: SEALED_PAYLOAD_CONVERTER_PATH,
    failureConverterPath: SEALED_FAILURE_CONVERTER_PATH,
    payloadCodecs: [new EncryptionCodec(keyring, logger ? unreadableLogger(logger) : undefined)],
  };
}
