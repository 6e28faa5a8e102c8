/**
 * Reads the facts the verifier needs out of an AWS SDK v3 error (name, HTTP status, the region S3 names
 * in a redirect) and turns the causes every check shares (no credentials, endpoint down) into a
 * diagnosis with a fix hint, instead of a stack trace.
 */
import { FailureClass } from './failures';

export interface AwsErrorInfo {
  /** Error name or AWS error code, e.g. `AccessDenied`, `NoSuchBucket`, `CredentialsProviderError`. */
  readonly name: string;
  readonly message: string;
  /** HTTP status of the response, when there was one. */
  readonly status?: number;
  /** Region from S3's `x-amz-bucket-region` header (sent with redirects and HeadBucket answers). */
  readonly bucketRegion?: string;
  /** Node system error code for network failures, e.g. `ECONNREFUSED`. */
  readonly systemCode?: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function errorInfo(error: unknown): AwsErrorInfo {
  const name = str(field(error, 'Code')) ?? str(field(error, 'name')) ?? 'Error';
  const message = str(field(error, 'message')) ?? String(error);
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  const headers = field(field(error, '$response'), 'headers');
  const cause = field(error, 'cause');
  // Node puts the code on the error; the SDK may wrap a foreign error and keep only its message.
  const systemCode =
    str(field(error, 'code')) ?? str(field(cause, 'code')) ?? /\b(E[A-Z]{4,})\b/.exec(message)?.[1];
  return {
    name,
    message,
    status: typeof status === 'number' ? status : undefined,
    bucketRegion: str(field(headers, 'x-amz-bucket-region')) ?? str(field(error, 'BucketRegion')),
    systemCode: systemCode !== undefined && /^E[A-Z]+$/.test(systemCode) ? systemCode : undefined,
  };
}

const MISSING_CREDENTIALS = ['CredentialsProviderError', 'CredentialsError', 'ProviderError'];
const REJECTED_CREDENTIALS = [
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
];
const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'];

export function isAccessDenied(info: AwsErrorInfo): boolean {
  return /^AccessDenied/.test(info.name) || info.name === 'Forbidden' || info.status === 403;
}

export function isNotFound(info: AwsErrorInfo, ...codes: string[]): boolean {
  return codes.includes(info.name) || info.name === 'NotFound' || info.status === 404;
}

/** S3 answered "this bucket lives in another region" (301, or 400 with the region header). */
export function isRegionRedirect(info: AwsErrorInfo): boolean {
  return (
    info.status === 301 ||
    info.name === 'PermanentRedirect' ||
    info.name === 'AuthorizationHeaderMalformed' ||
    info.name === 'IllegalLocationConstraintException' ||
    (info.status === 400 && info.bucketRegion !== undefined)
  );
}

export interface Diagnosis {
  readonly failure: FailureClass;
  readonly diagnosis: string;
  readonly hint: string;
}

/**
 * Causes shared by every call: missing or rejected credentials, and an unreachable endpoint. Returns
 * undefined for anything else, which the caller diagnoses in its own terms.
 */
export function commonDiagnosis(info: AwsErrorInfo, endpointUrl?: string): Diagnosis | undefined {
  if (MISSING_CREDENTIALS.includes(info.name) || /Could not load credentials/i.test(info.message)) {
    return {
      failure: 'no-credentials',
      diagnosis: `No AWS credentials were found (${info.message.split('\n')[0]}).`,
      hint:
        'Sign in first: `aws configure`, `aws sso login --profile <name>` with AWS_PROFILE=<name>, or set ' +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. The verifier uses the default AWS credential chain.',
    };
  }
  if (REJECTED_CREDENTIALS.includes(info.name)) {
    return {
      failure: 'no-credentials',
      diagnosis: `AWS rejected the credentials (${info.name}: ${info.message}).`,
      hint: 'Refresh them (`aws sso login`, new access keys, or a new session token) and run again.',
    };
  }
  if (info.systemCode !== undefined && NETWORK_CODES.includes(info.systemCode)) {
    return {
      failure: 'endpoint-unreachable',
      diagnosis: `Could not reach ${endpointUrl ?? 'AWS'} (${info.systemCode}).`,
      hint:
        endpointUrl !== undefined
          ? 'Check --endpoint-url and that the local endpoint is running.'
          : 'Check your network connection and proxy settings (HTTPS_PROXY).',
    };
  }
  return undefined;
}
