// First: a project on the other framework gets a clear message before any framework module is loaded.
import './framework-guard';
export * from './access-levels';
export * from './defaults';
export * from './handoff';
export * from './options';
export * from './policies';
export * from './quartic-s3-integration';
export * from './regions';
export * from './validation';
export * from './cli-commands';
export { outputIdsFor, OutputIds } from './integration-registry';
export * from './render';
