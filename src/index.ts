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
export * from './removed-blocks';
export * from './bucket-guardrails';
export { outputIdsFor, OutputIds } from './integration-registry';
export * from './render';
