/**
 * The settings that protect the data without granting anything, compared with the expected configuration
 * (expected.ts: the `quartic_expected` output or flags, each defaulting to what the kit deploys): versioning
 * (exit 30), the lifecycle rule that aborts incomplete multipart uploads (31), the role's maximum session
 * duration (32) and the server access logging target (33). A setting stronger than expected (versioning on
 * when not required) passes.
 */
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketVersioningCommand,
  LifecycleRule,
} from '@aws-sdk/client-s3';
import { ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS } from '../core/defaults';
import { LOGGING_NOT_MANAGED } from '../core/handoff';
import { LIFECYCLE_RULE_ID } from '../core/plan';
import { errorInfo, isNotFound } from './aws-errors';
import { deniedToInspect, REDEPLOY } from './check-helpers';
import { CustomerCheck } from './customer-context';
import { awsError, fail, pass } from './runner';

export const VERSIONING_CHECK: CustomerCheck = {
  id: 'versioning',
  title: () => 'Versioning is enabled',
  needs: ['bucket'],
  failure: 'versioning',
  run: async ({ inputs, clients }) => {
    try {
      const out = await clients
        .s3(inputs.region)
        .send(new GetBucketVersioningCommand({ Bucket: inputs.bucket }));
      const status = out.Status === undefined ? 'never enabled' : String(out.Status);
      if (status === 'Enabled') return pass('Enabled');
      if (!inputs.expected.versioning) return pass(`${status} (not required)`);
      return fail(status, {
        diagnosis:
          `Versioning of ${inputs.bucket} is ${status}: an overwrite or a delete now destroys the only copy of ` +
          'an object, by mistake or by anyone who may write.',
        hint:
          `Turn versioning back on (\`aws s3api put-bucket-versioning --bucket ${inputs.bucket} ` +
          '--versioning-configuration Status=Enabled`). If you deployed with versioning off on purpose, pass ' +
          `--versioning false. ${REDEPLOY}`,
      });
    } catch (error) {
      return awsError(error, deniedToInspect('the versioning configuration'));
    }
  },
};

/** A filter that selects every object: none, `{}`, or an empty prefix with nothing else. */
function coversWholeBucket(rule: LifecycleRule): boolean {
  const filter = rule.Filter;
  if (rule.Prefix !== undefined && rule.Prefix !== '') return false;
  if (filter === undefined) return true;
  const set = Object.entries(filter).filter(([, v]) => v !== undefined);
  return set.every(([k, v]) => k === 'Prefix' && v === '');
}

function describeRule(rule: LifecycleRule): string {
  const parts = [`"${rule.ID ?? '(no id)'}" ${rule.Status ?? ''}`.trim()];
  if (!coversWholeBucket(rule))
    parts.push(`filtered (${JSON.stringify(rule.Filter ?? { Prefix: rule.Prefix })})`);
  const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
  if (days !== undefined) parts.push(`aborts uploads after ${days} days`);
  if (rule.Expiration !== undefined) parts.push('expires current objects');
  if (rule.NoncurrentVersionExpiration !== undefined) parts.push('expires noncurrent versions');
  return parts.join(', ');
}

export const LIFECYCLE_CHECK: CustomerCheck = {
  id: 'lifecycle',
  title: () =>
    `Lifecycle aborts incomplete multipart uploads after ${ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS} days`,
  needs: ['bucket'],
  failure: 'lifecycle',
  run: async ({ inputs, clients }) => {
    const days = ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS;
    const hint =
      `Put back the rule "${LIFECYCLE_RULE_ID}" (whole bucket, ${days} days). If the kit does not ` +
      `manage this bucket's lifecycle, pass --lifecycle false. ${REDEPLOY}`;
    let rules: LifecycleRule[];
    try {
      const out = await clients
        .s3(inputs.region)
        .send(new GetBucketLifecycleConfigurationCommand({ Bucket: inputs.bucket }));
      rules = out.Rules ?? [];
    } catch (error) {
      if (!isNotFound(errorInfo(error), 'NoSuchLifecycleConfiguration')) {
        return awsError(error, deniedToInspect('the lifecycle configuration'));
      }
      rules = [];
    }
    const found = rules.map(describeRule).join('; ') || 'no rule';
    if (!inputs.expected.lifecycle) return pass(`not required; found: ${found}`);
    const good = rules.find(
      (rule) =>
        rule.Status === 'Enabled' &&
        coversWholeBucket(rule) &&
        (rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? Infinity) <= days,
    );
    if (good !== undefined) {
      const others = rules.filter((rule) => rule !== good).map(describeRule);
      return pass(
        `"${good.ID ?? '(no id)'}" after ${good.AbortIncompleteMultipartUpload?.DaysAfterInitiation} days` +
          (others.length > 0 ? `; other rules: ${others.join('; ')}` : ''),
      );
    }
    return fail(found, {
      diagnosis:
        rules.length === 0
          ? `Bucket ${inputs.bucket} has no lifecycle configuration: parts of uploads that never complete stay ` +
            'in the bucket, unlisted and billed, holding data nobody sees.'
          : `No enabled lifecycle rule of ${inputs.bucket} aborts incomplete multipart uploads within ${days} days ` +
            `for the whole bucket (found: ${found}).`,
      hint,
    });
  },
};

export const ACCESS_LOGGING_CHECK: CustomerCheck = {
  id: 'access-logging',
  title: () => 'Server access logging goes where expected',
  needs: ['bucket'],
  failure: 'access-logging',
  run: async ({ inputs, clients }) => {
    const want = inputs.expected.access_logging;
    try {
      const out = await clients
        .s3(inputs.region)
        .send(new GetBucketLoggingCommand({ Bucket: inputs.bucket }));
      const on = out.LoggingEnabled;
      const actual = on === undefined ? undefined : `s3://${on.TargetBucket ?? '?'}/${on.TargetPrefix ?? ''}`;
      if (want === LOGGING_NOT_MANAGED) {
        return pass(
          `not checked: the kit does not manage the logging of an existing bucket; found: ${actual === undefined ? 'off' : `to ${actual}`}`,
        );
      }
      const expected = want === undefined ? undefined : `s3://${want.target_bucket}/${want.target_prefix}`;
      if (actual === expected) return pass(actual === undefined ? 'off, as expected' : `to ${actual}`);
      const diagnosis =
        expected === undefined
          ? `Server access logs of ${inputs.bucket} go to ${actual}, but no log bucket was expected: the logs ` +
            '(every requester, key and time) leave the bucket for a place the kit did not set up.'
          : actual === undefined
            ? `Server access logging of ${inputs.bucket} is off: requests are no longer recorded in ${expected}.`
            : `Server access logs of ${inputs.bucket} go to ${actual}, not to ${expected}.`;
      return fail(actual === undefined ? 'off' : `to ${actual}`, {
        diagnosis,
        hint:
          want === undefined
            ? `If that target is yours and intended, pass --log-bucket ${on?.TargetBucket ?? '<bucket>'} --log-prefix '${on?.TargetPrefix ?? ''}'; otherwise turn logging off. ${REDEPLOY}`
            : `Point logging at ${expected}, or pass the --log-bucket and --log-prefix you deployed with. ${REDEPLOY}`,
      });
    } catch (error) {
      return awsError(error, deniedToInspect('the logging configuration'));
    }
  },
};

/** Compares the role's MaxSessionDuration (from GetRole) with the expected one. */
export const SESSION_DURATION_CHECK: CustomerCheck = {
  id: 'session-duration',
  title: () => 'Maximum session duration is as expected',
  needs: ['role'],
  failure: 'session-duration',
  run: ({ inputs, state }) => {
    const actual = state.role?.maxSessionDuration;
    const want = inputs.expected.max_session_duration;
    const found = actual ?? want; // IAM always returns it; a role without one has IAM's default
    if (found === want) return pass(`${found} s`);
    return fail(`${found} s, expected ${want} s`, {
      diagnosis:
        found > want
          ? `The role's maximum session duration is ${found} s, not ${want} s: credentials Quartic obtains ` +
            'stay valid longer after access is revoked or the role changes.'
          : `The role's maximum session duration is ${found} s, not ${want} s: Quartic's sessions of the agreed length will be refused.`,
      hint:
        `Set it back (\`aws iam update-role --role-name ${inputs.roleArn.split('/').pop() ?? ''} --max-session-duration ${want}\`), ` +
        `or pass the --max-session-duration you deployed with. ${REDEPLOY}`,
    });
  },
};
