export { DEFAULT_HOST, DEFAULT_PORT, ListenError, startServer, type RunningServer, type ServerOptions } from './server';
export { captureUrl } from './capture-url';
