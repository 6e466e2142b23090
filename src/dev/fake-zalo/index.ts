export * from './events';
export * from './fixtures';
export * from './server';
