export * from './communes';
export * from './inbox';
export * from './outbox';
export * from './residents';
export * from './conversations';
