export * from './eventually.js';
export * from './namespace.js';
export * from './processes.js';
export * from './redis-server.js';
export * from './child-server.js';
export * from './broker.js';
export * from './use-case-db.js';
