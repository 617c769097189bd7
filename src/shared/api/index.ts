export * from './common.js';
export * from './auth.js';
export * from './centers.js';
export * from './calendar.js';
export * from './users.js';
export * from './audit.js';
export * from './knowledge.js';
export * from './answering.js';
