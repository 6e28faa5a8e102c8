/**
 * Quartic mode (`--assume`), run with Quartic's credentials: assume the customer's role with the external
 * ID through the regional STS endpoint, then put, list, get and delete a uniquely named canary object.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import { AwsErrorInfo, Diagnosis, isAccessDenied, isNotFound, isRegionRedirect } from './aws-errors';
import { AwsClients, TemporaryCredentials } from './clients';
import { Recorder } from './recorder';
import { CheckResult, ProgressListener, VerifyInputs } from './types';

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

export async function runQuarticChecks(
  inputs: VerifyInputs,
  clients: AwsClients,
  onProgress?: ProgressListener,
  now: () => Date = () => new Date(),
): Promise<readonly CheckResult[]> {
  const r = new Recorder(onProgress, inputs.endpointUrl);
  const sts = clients.sts(inputs.region);
  const rest = ['bucket-region', 'canary-put', 'canary-list', 'canary-get', 'canary-delete'];
  const skipRest = (reason: string) => {
    for (const id of rest) if (!r.results.some((c) => c.id === id)) r.skip(id, titles[id], reason);
  };
  const key = canaryKey(inputs.prefix, now());
  const titles: Record<string, string> = {
    'bucket-region': `Bucket ${inputs.bucket} is reachable in ${inputs.region}`,
    'canary-put': `Put s3://${inputs.bucket}/${key}`,
    'canary-list': `List ${inputs.prefix} and find the canary`,
    'canary-get': 'Get the canary back, same content',
    'canary-delete': 'Delete the canary',
  };

  let caller: string | undefined;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    caller = identity.Arn;
    r.pass('credentials', 'AWS credentials (Quartic side)', `account ${identity.Account} as ${identity.Arn}`);
  } catch (error) {
    r.error('credentials', 'AWS credentials (Quartic side)', error, () => undefined);
    r.skip('assume-role', 'Assume the role with the external ID', 'not run: no credentials');
    skipRest('not run: no credentials');
    return r.results;
  }

  let credentials: TemporaryCredentials;
  const assumeTitle = `Assume ${inputs.roleArn} with external ID ${inputs.externalId}`;
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
    credentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    r.pass('assume-role', assumeTitle, `session ${assumed.AssumedRoleUser?.Arn ?? '(unnamed)'}`);
  } catch (error) {
    r.error('assume-role', assumeTitle, error, (info) =>
      isAccessDenied(info)
        ? {
            failure: 'assume-role-denied',
            diagnosis:
              `AWS denied sts:AssumeRole on ${inputs.roleArn} for ${caller ?? 'the caller'}. Either the external ID ` +
              `"${inputs.externalId}" is not the one in the role's trust policy, the trust policy does not trust ` +
              `account ${inputs.trustedAccountId}, the role does not exist, or the caller may not call sts:AssumeRole.`,
            hint:
              'Ask the customer to run `quartic-s3 verify` in customer mode with the same external ID: its ' +
              'trust-policy check names the mismatch. AWS does not say which of these causes applies.',
          }
        : undefined,
    );
    skipRest('not run: the role could not be assumed');
    return r.results;
  }

  const s3 = clients.s3(inputs.region, credentials);
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: inputs.bucket }));
    if (head.BucketRegion !== undefined && head.BucketRegion !== inputs.region) {
      r.fail('bucket-region', titles['bucket-region'], `found in ${head.BucketRegion}`, {
        failure: 'bucket-wrong-region',
        diagnosis: `Bucket ${inputs.bucket} is in ${head.BucketRegion}, not in ${inputs.region}.`,
        hint: `Use --region ${head.BucketRegion} if the customer confirms it.`,
      });
      skipRest('not run: wrong region');
      return r.results;
    }
    r.pass('bucket-region', titles['bucket-region'], `in ${head.BucketRegion ?? inputs.region}`);
  } catch (error) {
    r.error('bucket-region', titles['bucket-region'], error, (info) =>
      isRegionRedirect(info)
        ? {
            failure: 'bucket-wrong-region',
            diagnosis: `Bucket ${inputs.bucket} is in ${info.bucketRegion ?? 'another region'}, not in ${inputs.region}.`,
            hint: `Use the bucket's region (--region ${info.bucketRegion ?? '<region>'}) if the customer confirms it.`,
          }
        : objectDenied('s3:ListBucket', inputs.bucket, '')(info),
    );
    skipRest('not run: the bucket is not reachable');
    return r.results;
  }

  if (inputs.accessLevel === 'read-only') {
    r.skip('canary-put', titles['canary-put'], 'read-only access: Quartic does not write');
    try {
      // A permission probe: one page answers whether listing is allowed; the count is of that page only.
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: inputs.bucket, Prefix: inputs.prefix, MaxKeys: 10 }),
      );
      r.pass(
        'canary-list',
        `List ${inputs.prefix}`,
        `allowed, ${listed.KeyCount ?? 0} object(s) on the first page${listed.IsTruncated === true ? ' (more follow)' : ''}`,
      );
    } catch (error) {
      r.error(
        'canary-list',
        `List ${inputs.prefix}`,
        error,
        objectDenied('s3:ListBucket', inputs.bucket, inputs.prefix),
      );
    }
    r.skip('canary-get', titles['canary-get'], 'read-only access: no canary was written');
    r.skip('canary-delete', titles['canary-delete'], 'read-only access: no canary was written');
    return r.results;
  }

  const body = `Quartic S3 integration check, ${now().toISOString()}\n`;
  try {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: inputs.bucket, Key: key, Body: body, ContentType: 'text/plain' }),
    );
    r.pass(
      'canary-put',
      titles['canary-put'],
      `${body.length} bytes${put.VersionId ? `, version ${put.VersionId}` : ''}`,
    );
  } catch (error) {
    r.error('canary-put', titles['canary-put'], error, objectDenied('s3:PutObject', inputs.bucket, key));
    skipRest('not run: the canary could not be written');
    return r.results;
  }

  try {
    // Every page until the canary shows up: other keys may share its prefix.
    let found = false;
    for await (const page of paginateListObjectsV2(
      { client: s3, stopOnSameToken: true },
      { Bucket: inputs.bucket, Prefix: key },
    )) {
      if ((page.Contents ?? []).some((o) => o.Key === key)) {
        found = true;
        break;
      }
    }
    if (found) r.pass('canary-list', titles['canary-list'], 'listed');
    else {
      r.fail('canary-list', titles['canary-list'], 'not in the listing', {
        failure: 'unexpected',
        diagnosis: `The canary ${key} was written but is not listed.`,
        hint: 'Run again; S3 listings are strongly consistent, so this points at an unusual bucket setup.',
      });
    }
  } catch (error) {
    r.error(
      'canary-list',
      titles['canary-list'],
      error,
      objectDenied('s3:ListBucket', inputs.bucket, inputs.prefix),
    );
  }

  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: inputs.bucket, Key: key }));
    const text = got.Body === undefined ? '' : await got.Body.transformToString();
    if (text === body) r.pass('canary-get', titles['canary-get'], `${text.length} bytes, identical`);
    else {
      r.fail('canary-get', titles['canary-get'], 'content differs', {
        failure: 'unexpected',
        diagnosis: `The canary ${key} came back with different content.`,
        hint: 'Check for an S3 Object Lambda or proxy between Quartic and the bucket.',
      });
    }
  } catch (error) {
    r.error('canary-get', titles['canary-get'], error, objectDenied('s3:GetObject', inputs.bucket, key));
  }

  try {
    await s3.send(new DeleteObjectCommand({ Bucket: inputs.bucket, Key: key }));
    r.pass(
      'canary-delete',
      titles['canary-delete'],
      'deleted (a versioned bucket keeps it as a noncurrent version)',
    );
  } catch (error) {
    r.error(
      'canary-delete',
      titles['canary-delete'],
      error,
      objectDenied('s3:DeleteObject', inputs.bucket, key),
    );
  }
  return r.results;
}
