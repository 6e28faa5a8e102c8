export * from './bash';
export * from './hcl';
export * from './typescript';
