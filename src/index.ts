export * from './access-levels';
export * from './defaults';
export * from './handoff';
export * from './options';
export * from './policies';
export * from './quartic-s3-integration';
export * from './regions';
export * from './validation';
