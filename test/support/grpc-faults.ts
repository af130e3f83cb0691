/** gRPC calls a test's network fails (interceptors on the API's connection, test/support/api-harness.ts). */
import { InterceptingCall, Metadata, status, type InterceptorOptions, type NextCall } from '@grpc/grpc-js';

/** A call that never leaves: it fails UNAVAILABLE with `details` and its next call is never started. */
export function unsentCall(
  options: InterceptorOptions,
  nextCall: NextCall,
  details: string,
): InterceptingCall {
  return new InterceptingCall(nextCall(options), {
    start(_metadata, listener) {
      setImmediate(() =>
        listener.onReceiveStatus({ code: status.UNAVAILABLE, details, metadata: new Metadata() }),
      );
    },
    sendMessage: () => undefined,
    halfClose: () => undefined,
    cancel: () => undefined,
  });
}
