export * from './api';
export * from './errors';
export * from './events';
export * from './methods';
export * from './status';
export * from './memory';
export * from './settings';
export * from './notes';
