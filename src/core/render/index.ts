export * from './bash';
export * from './hcl';
export * from './typescript';
export * from './text';
