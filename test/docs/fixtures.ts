import { GuideValues } from '../../docs-site/src/guide/snippets';

/** A reader's values that differ from every default, so any snippet that ignores them shows. */
export const READER: GuideValues = {
  bucketName: 'acme-quartic-data',
  region: 'eu-central-1',
  externalId: 'q-7d1e-acme',
  roleName: 'quartic-reader',
  accessLevel: 'read-only',
  encryption: 'SSE-KMS',
};
