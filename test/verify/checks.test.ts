/**
 * The failure classes that a local endpoint cannot produce, checked through the real AWS SDK clients with
 * a canned HTTP layer: the SDK parses the same status codes, headers and XML bodies AWS sends, so the
 * verifier's reading of the error is what it will be against AWS.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { Readable } from 'node:stream';
import { errorInfo } from '../../src/verify/aws-errors';
import { AwsClients, defaultClients } from '../../src/verify/clients';
import { DEFAULT_EXPECTED } from '../../src/verify/expected';
import { verify } from '../../src/verify/main';
import { canaryKey } from '../../src/verify/quartic-checks';
import { VerifyInputs } from '../../src/verify/types';

interface CannedRequest {
  readonly method: string;
  readonly hostname: string;
  readonly path: string;
  readonly query: Record<string, unknown>;
  readonly body: string;
  readonly headers: Record<string, string>;
}
interface Canned {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

const KEYS = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

function cannedClients(respond: (request: CannedRequest) => Canned): AwsClients {
  const requestHandler = {
    handle: async (request: {
      method: string;
      hostname: string;
      path: string;
      query?: Record<string, unknown>;
      body?: unknown;
      headers: Record<string, string>;
    }) => {
      const canned = respond({
        method: request.method,
        hostname: request.hostname,
        path: request.path,
        query: request.query ?? {},
        body: typeof request.body === 'string' ? request.body : '',
        headers: request.headers,
      });
      return {
        response: {
          statusCode: canned.status,
          headers: { 'content-type': 'text/xml', ...canned.headers },
          body: Readable.from([Buffer.from(canned.body ?? '')]),
        },
      };
    },
  };
  const common = { credentials: KEYS, requestHandler, maxAttempts: 1 };
  return {
    s3: (region, assumed) =>
      new S3Client({ region, ...common, ...(assumed === undefined ? {} : { credentials: assumed }) }),
    iam: () => new IAMClient({ region: 'us-east-1', ...common }),
    sts: (region) => new STSClient({ region, ...common }),
    kms: (region) => new KMSClient({ region, ...common }),
  };
}

const callerIdentity = (account: string) => ({
  status: 200,
  body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/someone</Arn><UserId>AIDAEXAMPLE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
});
const xmlError = (ns: string, code: string, message: string) =>
  `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r2</RequestId></ErrorResponse>`;

const INPUTS: VerifyInputs = {
  bucket: 'quartic-data-acme',
  region: 'eu-west-2',
  roleArn: 'arn:aws:iam::123456789012:role/quartic-access',
  externalId: 'q-1',
  trustedAccountId: '555071496850',
  mode: 'customer',
  prefix: 'quartic-verify/',
  expected: DEFAULT_EXPECTED,
};

test('AccessDenied on AssumeRole (wrong external ID on AWS): exit 20, the causes and the customer-mode hint', async () => {
  const seen: string[] = [];
  const clients = cannedClients((request) => {
    seen.push(`${request.hostname} ${request.body.split('&')[0]}`);
    if (request.body.includes('Action=AssumeRole')) {
      return {
        status: 403,
        body: xmlError(
          'https://sts.amazonaws.com/doc/2011-06-15/',
          'AccessDenied',
          'User: arn:aws:iam::555071496850:user/someone is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/quartic-access',
        ),
      };
    }
    return callerIdentity('555071496850');
  });
  const report = await verify({ ...INPUTS, mode: 'quartic' }, clients);
  // The regional STS endpoint of the bucket's region, not the global one.
  expect(seen).toEqual([
    'sts.eu-west-2.amazonaws.com Action=GetCallerIdentity',
    'sts.eu-west-2.amazonaws.com Action=AssumeRole',
  ]);
  expect(report.exitCode).toBe(20);
  const assume = report.checks.find((c) => c.id === 'assume-role');
  expect(assume).toMatchObject({
    status: 'fail',
    failure: 'assume-role-denied',
    detail: 'AccessDenied (HTTP 403)',
  });
  expect(assume?.diagnosis).toContain(
    'Either the external ID "q-1" is not the one in the role\'s trust policy',
  );
  expect(assume?.hint).toContain('run `quartic-s3 verify` in customer mode');
  expect(report.checks.filter((c) => c.status === 'skip').map((c) => c.id)).toEqual([
    'bucket-region',
    'canary-put',
    'canary-list',
    'canary-get',
    'canary-delete',
  ]);
});

test('read-only access in Quartic mode: S3 calls signed with the assumed session, list only, no write', async () => {
  const s3Calls: string[] = [];
  const clients = cannedClients((request) => {
    if (request.body.includes('Action=AssumeRole')) {
      return {
        status: 200,
        body: '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAQUARTICSESSION</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>session-token</SessionToken><Expiration>2026-11-30T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/quartic-access/v</Arn><AssumedRoleId>AROA:v</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>',
      };
    }
    if (request.hostname.startsWith('sts.')) return callerIdentity('555071496850');
    s3Calls.push(
      `${request.method} ${request.headers['x-amz-security-token']} ${/Credential=(\w+)/.exec(request.headers.authorization ?? '')?.[1]}`,
    );
    if (request.method === 'HEAD') return { status: 200, headers: { 'x-amz-bucket-region': 'eu-west-2' } };
    return {
      status: 200,
      body: '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>quartic-data-acme</Name><Prefix>quartic-verify/</Prefix><KeyCount>0</KeyCount><MaxKeys>10</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>',
    };
  });
  const report = await verify({ ...INPUTS, mode: 'quartic', accessLevel: 'read-only' }, clients);
  expect(s3Calls).toEqual(['HEAD session-token ASIAQUARTICSESSION', 'GET session-token ASIAQUARTICSESSION']);
  expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
    'credentials:pass',
    'assume-role:pass',
    'bucket-region:pass',
    'canary-put:skip',
    'canary-list:pass',
    'canary-get:skip',
    'canary-delete:skip',
  ]);
  expect(report.exitCode).toBe(0);
});

test('Quartic mode reads every page of the canary listing until the canary shows up', async () => {
  const listings: Array<unknown> = [];
  let canary = '';
  let written = '';
  const clients = cannedClients((request): Canned => {
    if (request.body.includes('Action=AssumeRole')) {
      return {
        status: 200,
        body: '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAQUARTICSESSION</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-11-30T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/quartic-access/v</Arn><AssumedRoleId>AROA:v</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>',
      };
    }
    if (request.hostname.startsWith('sts.')) return callerIdentity('555071496850');
    if (request.method === 'HEAD') return { status: 200, headers: { 'x-amz-bucket-region': 'eu-west-2' } };
    if (request.method === 'PUT') {
      canary = decodeURIComponent(request.path.slice(1));
      written = request.body;
      return { status: 200, headers: { etag: '"e"' } };
    }
    if (request.method === 'DELETE') return { status: 204 };
    if (request.query['list-type'] === '2') {
      const token = request.query['continuation-token'];
      listings.push(token);
      // Page one: a neighbour sharing the canary's prefix; page two: the canary.
      const key = token === undefined ? `${canary}.bak` : canary;
      const more =
        token === undefined
          ? '<IsTruncated>true</IsTruncated><NextContinuationToken>t2</NextContinuationToken>'
          : '<IsTruncated>false</IsTruncated>';
      return {
        status: 200,
        body: `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>quartic-data-acme</Name><Prefix>${canary}</Prefix><KeyCount>1</KeyCount>${more}<Contents><Key>${key}</Key><Size>1</Size></Contents></ListBucketResult>`,
      };
    }
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: written };
  });
  const report = await verify({ ...INPUTS, mode: 'quartic' }, clients);
  expect(listings).toEqual([undefined, 't2']);
  expect(report.checks.find((c) => c.id === 'canary-list')).toMatchObject({
    status: 'pass',
    detail: 'listed',
  });
  expect(report.exitCode).toBe(0);
});

test('S3 301 redirect with x-amz-bucket-region: wrong region, exit 11, and the role is still checked', async () => {
  const clients = cannedClients((request) => {
    if (request.hostname.startsWith('sts.')) return callerIdentity('123456789012');
    if (request.hostname.startsWith('iam.')) {
      return {
        status: 404,
        body: xmlError(
          'https://iam.amazonaws.com/doc/2010-05-08/',
          'NoSuchEntity',
          'The role with name quartic-access cannot be found.',
        ),
      };
    }
    return { status: 301, headers: { 'x-amz-bucket-region': 'us-west-2' } };
  });
  const report = await verify(INPUTS, clients);
  expect(report.exitCode).toBe(11);
  expect(report.checks.find((c) => c.id === 'bucket-region')).toMatchObject({
    failure: 'bucket-wrong-region',
    diagnosis:
      'Bucket quartic-data-acme is in us-west-2, not in eu-west-2. Quartic would send its requests to the wrong region.',
  });
  expect(report.checks.find((c) => c.id === 'role')).toMatchObject({
    status: 'fail',
    failure: 'role-missing',
  });
  expect(report.handoff).toBeUndefined();
});

test("403 on HeadBucket in customer mode: someone else's bucket or no permission, exit 4", async () => {
  const clients = cannedClients((request) =>
    request.hostname.startsWith('sts.') ? callerIdentity('123456789012') : { status: 403 },
  );
  const report = await verify(INPUTS, clients);
  expect(report.checks.find((c) => c.id === 'bucket-region')).toMatchObject({ failure: 'inspect-denied' });
  expect(report.exitCode).toBe(4);
});

test('a role ARN of another account than the credentials: named, not a stack trace', async () => {
  const clients = cannedClients((request) =>
    request.hostname.startsWith('sts.')
      ? callerIdentity('999999999999')
      : { status: 200, headers: { 'x-amz-bucket-region': 'eu-west-2' } },
  );
  const report = await verify(INPUTS, clients);
  expect(report.checks.find((c) => c.id === 'role')?.diagnosis).toBe(
    'The role ARN names account 123456789012, but your credentials are for account 999999999999, so the role cannot be read.',
  );
});

test('no credentials: exit 3 with the sign-in hint, nothing else runs', async () => {
  const base = defaultClients(undefined);
  const missing = async () => {
    throw Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
  };
  const clients: AwsClients = { ...base, sts: (region) => new STSClient({ region, credentials: missing }) };
  const report = await verify(INPUTS, clients);
  expect(report.exitCode).toBe(3);
  expect(report.checks).toHaveLength(1);
  expect(report.checks[0]).toMatchObject({
    id: 'credentials',
    failure: 'no-credentials',
    diagnosis: 'No AWS credentials were found (Could not load credentials from any providers).',
  });
});

test('an endpoint nobody listens on: exit 5, pointing at --endpoint-url', async () => {
  const clients = defaultClients('http://127.0.0.1:9', KEYS);
  const report = await verify({ ...INPUTS, endpointUrl: 'http://127.0.0.1:9' }, clients);
  expect(report.checks[0]).toMatchObject({
    failure: 'endpoint-unreachable',
    hint: 'Check --endpoint-url and that the local endpoint is running.',
  });
  expect(report.exitCode).toBe(5);
});

test('errorInfo reads the SDK error shape', () => {
  const error = Object.assign(new Error('Moved'), {
    name: 'PermanentRedirect',
    $metadata: { httpStatusCode: 301 },
    $response: { headers: { 'x-amz-bucket-region': 'ap-south-1' } },
  });
  expect(errorInfo(error)).toEqual({
    name: 'PermanentRedirect',
    message: 'Moved',
    status: 301,
    bucketRegion: 'ap-south-1',
    systemCode: undefined,
  });
  expect(
    errorInfo(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).systemCode,
  ).toBe('ECONNREFUSED');
});

test('canary keys are unique, timestamped and under the prefix', () => {
  const now = new Date('2026-11-29T23:01:02.345Z');
  const a = canaryKey('quartic-verify/', now);
  expect(a).toMatch(/^quartic-verify\/20261129T230102Z-[0-9a-f]{8}\.txt$/);
  expect(canaryKey('quartic-verify/', now)).not.toBe(a);
});

describe('a skipped check reports the title it has when it runs (labels unified when the checks became data)', () => {
  const denied = (code: string) => ({
    status: 403,
    body: xmlError('https://sts.amazonaws.com/doc/2011-06-15/', code, `${code} here`),
  });

  test('Quartic mode without credentials: assume-role is skipped under its own title, every later check too', async () => {
    const clients = cannedClients(() => denied('InvalidClientTokenId'));
    const report = await verify({ ...INPUTS, mode: 'quartic' }, clients);
    expect(report.exitCode).toBe(3);
    expect(report.checks.slice(1).map((c) => `${c.id}: ${c.title}: ${c.detail}`)).toEqual([
      'assume-role: Assume arn:aws:iam::123456789012:role/quartic-access with external ID q-1: not run: no credentials',
      'bucket-region: Bucket quartic-data-acme is reachable in eu-west-2: not run: no credentials',
      expect.stringMatching(
        /^canary-put: Put s3:\/\/quartic-data-acme\/quartic-verify\/\d{8}T\d{6}Z-[0-9a-f]{8}\.txt: not run: no credentials$/,
      ),
      'canary-list: List quartic-verify/ and find the canary: not run: no credentials',
      'canary-get: Get the canary back, same content: not run: no credentials',
      'canary-delete: Delete the canary: not run: no credentials',
    ]);
  });

  test('Quartic mode, read-only, role not assumable: canary-list is skipped under its read-only title', async () => {
    const clients = cannedClients((request) =>
      request.body.includes('Action=AssumeRole') ? denied('AccessDenied') : callerIdentity('555071496850'),
    );
    const report = await verify({ ...INPUTS, mode: 'quartic', accessLevel: 'read-only' }, clients);
    expect(report.exitCode).toBe(20);
    expect(report.checks.find((c) => c.id === 'canary-list')).toMatchObject({
      status: 'skip',
      title: 'List quartic-verify/',
      detail: 'not run: the role could not be assumed',
    });
  });

  test.each([
    [undefined, 'Role permissions: an access level on quartic-data-acme only'],
    ['read-only', 'Role permissions: read-only on quartic-data-acme only'],
  ] as const)(
    'customer mode, no role (--access-level %s): access-policy is skipped as "%s"',
    async (level, title) => {
      const clients = cannedClients((request) => {
        if (request.hostname.startsWith('sts.')) return callerIdentity('123456789012');
        if (request.hostname.startsWith('iam.')) {
          return {
            status: 404,
            body: xmlError('https://iam.amazonaws.com/doc/2010-05-08/', 'NoSuchEntity', 'no role'),
          };
        }
        return { status: 404, body: '<Error><Code>NoSuchBucket</Code><Message>none</Message></Error>' };
      });
      const report = await verify(
        { ...INPUTS, ...(level === undefined ? {} : { accessLevel: level }) },
        clients,
      );
      expect(report.checks.find((c) => c.id === 'access-policy')).toEqual({
        id: 'access-policy',
        title,
        status: 'skip',
        detail: 'not checked: no role',
      });
    },
  );
});
