/** Failures as a history stores them: their message and stack sealed (codec/failure-converter.ts). */
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../../codec';
import { TEST_PAYLOAD_KEYS } from './temporal';

/** A stored failure's message, opened with the tests' keys as the codec endpoint opens it for the Web UI. */
export async function openedMessage(failure: temporal.api.failure.v1.IFailure): Promise<string> {
  if (!failure.encodedAttributes) return failure.message ?? '';
  const [opened] = await new EncryptionCodec(TEST_PAYLOAD_KEYS).decode([
    failure.encodedAttributes as Payload,
  ]);
  return (JSON.parse(Buffer.from(opened!.data!).toString('utf8')) as { message: string }).message;
}
