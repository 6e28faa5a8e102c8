// First: a project on the other framework gets a clear message before any framework module is loaded.
import './framework-guard';
export * from './core/access-levels';
export * from './core/defaults';
export * from './core/handoff';
export * from './core/options';
export * from './core/policies';
export * from './quartic-s3-integration';
export * from './core/regions';
export * from './core/validation';
export * from './core/cli-commands';
export * from './removed-blocks';
export * from './core/bucket-guardrails';
export { outputIdsFor, OutputIds } from './integration-registry';
export * from './core/render';
