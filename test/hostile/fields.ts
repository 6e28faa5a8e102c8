/** Each option field a hostile value can be put in, as options over a valid base. */
import { QuarticS3IntegrationOptions } from '../../src';
import { BASE_OPTIONS } from '../support/synth';

export const HOSTILE_FIELDS: ReadonlyArray<
  readonly [field: string, put: (value: string) => QuarticS3IntegrationOptions]
> = [
  ['bucketName', (v) => ({ ...BASE_OPTIONS, bucketName: v })],
  ['region', (v) => ({ ...BASE_OPTIONS, region: v })],
  ['externalId', (v) => ({ ...BASE_OPTIONS, externalId: v })],
  ['roleName', (v) => ({ ...BASE_OPTIONS, roleName: v })],
  ['trustedAccountId', (v) => ({ ...BASE_OPTIONS, trustedAccountId: v })],
  ['roleDescription', (v) => ({ ...BASE_OPTIONS, roleDescription: v })],
  ['kmsKeyArn', (v) => ({ ...BASE_OPTIONS, encryption: 'SSE-KMS', kmsKeyArn: v })],
  ['accessLogging.targetBucket', (v) => ({ ...BASE_OPTIONS, accessLogging: { targetBucket: v } })],
  [
    'accessLogging.targetPrefix',
    (v) => ({ ...BASE_OPTIONS, accessLogging: { targetBucket: 'acme-logs', targetPrefix: v } }),
  ],
  ['tags', (v) => ({ ...BASE_OPTIONS, tags: { [v]: 'data' } })],
  ['tags.team', (v) => ({ ...BASE_OPTIONS, tags: { team: v } })],
];

/** Fields whose own rules allow only a narrow character set: every hostile value must be refused. */
export const STRICT_FIELDS = [
  'bucketName',
  'region',
  'externalId',
  'roleName',
  'trustedAccountId',
  'kmsKeyArn',
  'accessLogging.targetBucket',
];

/** What no field may hold, whatever its own rules allow (src/core/validation.ts `textProblems`). */
export function refusedEverywhere(value: string): boolean {
  return (
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]|[$%]\{/.test(value) ||
    // Invisible: the format and default-ignorable characters of the corpus, listed by hand (not the rule's
    // property classes), and unpaired surrogate halves.
    // eslint-disable-next-line no-misleading-character-class -- listing combining characters is the point
    /[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff]|[\u{E0000}-\u{E007F}]/u.test(
      value,
    ) ||
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value) ||
    /^\s*(file|fileb|https?):\/\//i.test(value) ||
    value.startsWith('-')
  );
}
