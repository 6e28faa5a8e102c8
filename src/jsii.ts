/**
 * The narrowed entry published for Python through jsii (scripts/python-tier.ts builds it): the construct,
 * its props and the types they name. The TypeScript API (src/index.ts) stays as it is; its other exports
 * (validation helpers, policy builders, the CLI commands) use types jsii cannot publish.
 */
export { QuarticS3Integration, QuarticS3IntegrationProps } from './quartic-s3-integration';
export { AccessLoggingOptions, QuarticS3IntegrationOptions } from './core/options';
export { OutputIds } from './integration-registry';
