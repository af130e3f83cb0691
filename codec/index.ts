/**
 * Payload encryption for Temporal (README, "Payload encryption and the codec endpoint"): shared by the API, the
 * worker, the launcher and the tests. Node-only, except sealed-payload-converter.ts and failure-converter.ts, which
 * the workflow bundle takes.
 */
export {
  sealedDataConverter,
  SEALED_FAILURE_CONVERTER_PATH,
  SEALED_PAYLOAD_CONVERTER_PATH,
  type CodecLogger,
} from './data-converter';
export { EncryptionCodec, ENCRYPTED_ENCODING, isEncrypted, KEY_ID_KEY } from './encryption-codec';
export { loadPayloadKeyring, parsePayloadKeys, PayloadKeyring, DEV_KEY_FILE } from './keyring';
