// The emulator's public entry: what the command line and the editor import.
export type {
  DebugLaunch,
  Emulator,
  EmulatorEvent,
  EmulatorOptions,
  FunctionConfig,
  InvokeRequest,
  InvokeResult,
  ResponseSink,
} from './types';
export { startEmulator } from './emulator';
export type { RuntimeApiCall } from './api-calls';
/** What `Emulator.invoke` rejects with for a bad request (unknown function 404, over 6 MB 413, stopped 503). */
export { InvokeRequestError } from './lambda-errors';
export { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, MAX_STREAMED_RESPONSE_BYTES } from './limits';
