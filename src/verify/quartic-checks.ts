/**
 * Quartic mode (`--assume`), run with Quartic's credentials: assume the customer's role with the external
 * ID through the regional STS endpoint, then put, list, get and delete a uniquely named canary object.
 */
import {
  DeleteObjectCommand,
  S3Client,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import { AwsErrorInfo, Diagnosis, isAccessDenied, isNotFound, isRegionRedirect } from './aws-errors';
import { AwsClients } from './clients';
import { awsError, Check, CheckList, fail, pass, runChecks, skip, titleValuesOf } from './runner';
import { CheckResult, ProgressListener, VerifyInputs } from './types';

/** The facts Quartic-mode checks need; their skip reasons are in QUARTIC_CHECKS.unmet. */
export type QuarticFact = 'credentials' | 'session' | 'bucket' | 'canary';

export interface QuarticContext {
  readonly inputs: VerifyInputs;
  readonly clients: AwsClients;
  readonly sts: STSClient;
  readonly now: () => Date;
  /** The canary object's key, fixed before the first check (its title names it). */
  readonly key: string;
  readonly state: {
    /** The caller's ARN (credentials). */
    caller?: string;
    /** S3 signed with the assumed role's session (assume-role). */
    s3?: S3Client;
    /** What canary-put wrote. */
    body?: string;
  };
}

type QuarticCheck = Check<QuarticContext, QuarticFact>;

/** A key nobody else writes: prefix, UTC time and random hex. */
export function canaryKey(prefix: string, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${prefix}${stamp}-${randomBytes(4).toString('hex')}.txt`;
}

function objectDenied(
  action: string,
  bucket: string,
  key: string,
): (info: AwsErrorInfo) => Diagnosis | undefined {
  return (info) => {
    if (isAccessDenied(info)) {
      return {
        failure: 'object-operation-denied',
        diagnosis: `${action} on s3://${bucket}/${key} was denied to the assumed role (${info.name}).`,
        hint:
          `The role's policy must allow ${action} on arn:aws:s3:::${bucket}${action === 's3:ListBucket' ? '' : '/*'}; ` +
          'with SSE-KMS the key must also allow the role. Ask the customer to run `quartic-s3 verify` ' +
          '(customer mode), which names the missing permission.',
      };
    }
    if (isNotFound(info, 'NoSuchBucket') && info.name !== 'NoSuchKey') {
      return {
        failure: 'bucket-missing',
        diagnosis: `Bucket ${bucket} does not exist.`,
        hint: 'Check the bucket name the customer sent.',
      };
    }
    return undefined;
  };
}

const credentials: QuarticCheck = {
  id: 'credentials',
  title: () => 'AWS credentials (Quartic side)',
  needs: [],
  provides: ['credentials'],
  failure: 'no-credentials',
  run: async ({ sts, state }) => {
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      state.caller = identity.Arn;
      return pass(`account ${identity.Account} as ${identity.Arn}`);
    } catch (error) {
      return awsError(error);
    }
  },
};

const assumeRole: QuarticCheck = {
  id: 'assume-role',
  title: (v) => `Assume ${v.roleArn} with external ID ${v.externalId}`,
  needs: ['credentials'],
  provides: ['session'],
  failure: 'assume-role-denied',
  run: async ({ inputs, clients, sts, now, state }) => {
    try {
      const assumed = await sts.send(
        new AssumeRoleCommand({
          RoleArn: inputs.roleArn,
          RoleSessionName: `quartic-s3-verify-${now().getTime()}`,
          ExternalId: inputs.externalId,
          DurationSeconds: 900,
        }),
      );
      const c = assumed.Credentials;
      if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined)
        throw new Error('AssumeRole returned no credentials');
      state.s3 = clients.s3(inputs.region, {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      });
      return pass(`session ${assumed.AssumedRoleUser?.Arn ?? '(unnamed)'}`);
    } catch (error) {
      return awsError(error, (info) =>
        isAccessDenied(info)
          ? {
              failure: 'assume-role-denied',
              diagnosis:
                `AWS denied sts:AssumeRole on ${inputs.roleArn} for ${state.caller ?? 'the caller'}. Either the external ID ` +
                `"${inputs.externalId}" is not the one in the role's trust policy, the trust policy does not trust ` +
                `account ${inputs.trustedAccountId}, the role does not exist, or the caller may not call sts:AssumeRole.`,
              hint:
                'Ask the customer to run `quartic-s3 verify` in customer mode with the same external ID: its ' +
                'trust-policy check names the mismatch. AWS does not say which of these causes applies.',
            }
          : undefined,
      );
    }
  },
};

/** S3 with the assumed session; the `session` need guarantees assume-role set it. */
function sessionS3(c: QuarticContext): S3Client {
  if (c.state.s3 === undefined) throw new Error('an S3 check ran before assume-role');
  return c.state.s3;
}

const bucketRegion: QuarticCheck = {
  id: 'bucket-region',
  title: (v) => `Bucket ${v.bucket} is reachable in ${v.region}`,
  needs: ['session'],
  provides: ['bucket'],
  failure: 'bucket-wrong-region',
  run: async (c) => {
    const { inputs } = c;
    try {
      const head = await sessionS3(c).send(new HeadBucketCommand({ Bucket: inputs.bucket }));
      if (head.BucketRegion !== undefined && head.BucketRegion !== inputs.region) {
        return fail(
          `found in ${head.BucketRegion}`,
          {
            diagnosis: `Bucket ${inputs.bucket} is in ${head.BucketRegion}, not in ${inputs.region}.`,
            hint: `Use --region ${head.BucketRegion} if the customer confirms it.`,
          },
          { bucket: 'not run: wrong region' },
        );
      }
      return pass(`in ${head.BucketRegion ?? inputs.region}`);
    } catch (error) {
      return awsError(error, (info) =>
        isRegionRedirect(info)
          ? {
              failure: 'bucket-wrong-region',
              diagnosis: `Bucket ${inputs.bucket} is in ${info.bucketRegion ?? 'another region'}, not in ${inputs.region}.`,
              hint: `Use the bucket's region (--region ${info.bucketRegion ?? '<region>'}) if the customer confirms it.`,
            }
          : objectDenied('s3:ListBucket', inputs.bucket, '')(info),
      );
    }
  },
};

const canaryPut: QuarticCheck = {
  id: 'canary-put',
  title: (v) => `Put s3://${v.bucket}/${v.canaryKey}`,
  needs: ['bucket'],
  provides: ['canary'],
  failure: 'object-operation-denied',
  run: async (c) => {
    const { inputs, key, now } = c;
    if (inputs.accessLevel === 'read-only') {
      return skip('read-only access: Quartic does not write', {
        canary: 'read-only access: no canary was written',
      });
    }
    const body = `Quartic S3 integration check, ${now().toISOString()}\n`;
    try {
      const put = await sessionS3(c).send(
        new PutObjectCommand({ Bucket: inputs.bucket, Key: key, Body: body, ContentType: 'text/plain' }),
      );
      c.state.body = body;
      return pass(`${body.length} bytes${put.VersionId ? `, version ${put.VersionId}` : ''}`);
    } catch (error) {
      return awsError(error, objectDenied('s3:PutObject', inputs.bucket, key));
    }
  },
};

/** With read-only access, a permission probe of the prefix; otherwise, the canary must be listed. */
const canaryList: QuarticCheck = {
  id: 'canary-list',
  title: (v) => (v.accessLevel === 'read-only' ? `List ${v.prefix}` : `List ${v.prefix} and find the canary`),
  needs: ({ inputs }) => (inputs.accessLevel === 'read-only' ? ['bucket'] : ['canary']),
  failure: 'object-operation-denied',
  run: async (c) => {
    const { inputs, key } = c;
    const s3 = sessionS3(c);
    try {
      if (inputs.accessLevel === 'read-only') {
        // One page answers whether listing is allowed; the count is of that page only.
        const listed = await s3.send(
          new ListObjectsV2Command({ Bucket: inputs.bucket, Prefix: inputs.prefix, MaxKeys: 10 }),
        );
        return pass(
          `allowed, ${listed.KeyCount ?? 0} object(s) on the first page${listed.IsTruncated === true ? ' (more follow)' : ''}`,
        );
      }
      // Every page until the canary shows up: other keys may share its prefix.
      for await (const page of paginateListObjectsV2(
        { client: s3, stopOnSameToken: true },
        { Bucket: inputs.bucket, Prefix: key },
      )) {
        if ((page.Contents ?? []).some((o) => o.Key === key)) return pass('listed');
      }
      return fail('not in the listing', {
        failure: 'unexpected',
        diagnosis: `The canary ${key} was written but is not listed.`,
        hint: 'Run again; S3 listings are strongly consistent, so this points at an unusual bucket setup.',
      });
    } catch (error) {
      return awsError(error, objectDenied('s3:ListBucket', inputs.bucket, inputs.prefix));
    }
  },
};

const canaryGet: QuarticCheck = {
  id: 'canary-get',
  title: () => 'Get the canary back, same content',
  needs: ['canary'],
  failure: 'object-operation-denied',
  run: async (c) => {
    const { inputs, key } = c;
    try {
      const got = await sessionS3(c).send(new GetObjectCommand({ Bucket: inputs.bucket, Key: key }));
      const text = got.Body === undefined ? '' : await got.Body.transformToString();
      if (text === c.state.body) return pass(`${text.length} bytes, identical`);
      return fail('content differs', {
        failure: 'unexpected',
        diagnosis: `The canary ${key} came back with different content.`,
        hint: 'Check for an S3 Object Lambda or proxy between Quartic and the bucket.',
      });
    } catch (error) {
      return awsError(error, objectDenied('s3:GetObject', inputs.bucket, key));
    }
  },
};

const canaryDelete: QuarticCheck = {
  id: 'canary-delete',
  title: () => 'Delete the canary',
  needs: ['canary'],
  failure: 'object-operation-denied',
  run: async (c) => {
    const { inputs, key } = c;
    try {
      await sessionS3(c).send(new DeleteObjectCommand({ Bucket: inputs.bucket, Key: key }));
      return pass('deleted (a versioned bucket keeps it as a noncurrent version)');
    } catch (error) {
      return awsError(error, objectDenied('s3:DeleteObject', inputs.bucket, key));
    }
  },
};

/** Quartic mode's checks, in the order they run: each step needs the one before it. */
export const QUARTIC_CHECKS: CheckList<QuarticContext, QuarticFact> = {
  checks: [credentials, assumeRole, bucketRegion, canaryPut, canaryList, canaryGet, canaryDelete],
  unmet: {
    credentials: 'not run: no credentials',
    session: 'not run: the role could not be assumed',
    bucket: 'not run: the bucket is not reachable',
    canary: 'not run: the canary could not be written',
  },
};

export async function runQuarticChecks(
  inputs: VerifyInputs,
  clients: AwsClients,
  onProgress?: ProgressListener,
  now: () => Date = () => new Date(),
): Promise<readonly CheckResult[]> {
  const sts = clients.sts(inputs.region);
  const key = canaryKey(inputs.prefix, now());
  const context: QuarticContext = { inputs, clients, sts, now, key, state: {} };
  return runChecks(QUARTIC_CHECKS, context, titleValuesOf(inputs, key), {
    onProgress,
    endpointUrl: inputs.endpointUrl,
  });
}
