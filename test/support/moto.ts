/**
 * A moto server (https://docs.getmoto.org, server mode) on a free loopback port, for tests that talk to a
 * real AWS-compatible HTTP endpoint. One server per test file: start in beforeAll, stop in afterAll,
 * `reset()` between cases that need a clean account.
 *
 * Moto facts these tests rely on (moto 5.2.5, measured):
 * - Without IAM authentication (the default) every call succeeds for any access key; the caller is account
 *   123456789012. AssumeRole never checks the trust policy or the external ID.
 * - `setAuth(true)` (POST /moto-api/reset-auth 0) makes moto check signatures and evaluate the caller's
 *   identity policies, and an assumed role's inline policies, for every later call. A trust policy is
 *   only evaluated when the role is in the caller's own account, and only for an exact principal ARN, so a
 *   cross-account `:root` trust is never checked: moto cannot deny a wrong external ID.
 * - Requests carrying the `x-moto-account-id` header act in that account (used to create Quartic's side).
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const VENV_BIN = join(REPO_ROOT, '.venv', 'bin');
export const MOTO_SERVER = join(VENV_BIN, 'moto_server');
export const AWS_CLI = join(VENV_BIN, 'aws');

/** Moto's default account: where calls without a known access key act (the "customer"). */
export const MOTO_ACCOUNT_ID = '123456789012';

/** Why moto cannot run here, or undefined when it can. */
export function motoUnavailable(): string | undefined {
  return existsSync(MOTO_SERVER) ? undefined : `${MOTO_SERVER} not found: create .venv with 'moto[server]'`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Moto {
  readonly url: string;
  readonly port: number;
  /** Forget every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Turn moto's IAM authentication on (every later call is checked) or off. */
  setAuth(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

async function post(url: string, body?: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status}`);
}

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(timeoutMs = 60_000): Promise<Moto> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${url}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`moto_server did not answer on ${url} within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    reset: () => post(`${url}/moto-api/reset`),
    // moto parses the body with Python's float(): "0" checks every call, "inf" none.
    setAuth: (on) => post(`${url}/moto-api/reset-auth`, on ? '0' : 'inf'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Credentials moto accepts while authentication is off; calls act in MOTO_ACCOUNT_ID. */
export const MOTO_DEFAULT_CREDENTIALS: StaticCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * Creates an IAM user with an access key in `accountId` (moto's x-moto-account-id header), optionally
 * with an inline policy, and returns its keys. Call while authentication is off.
 */
export async function createUser(
  moto: Moto,
  accountId: string,
  userName: string,
  policy?: object,
): Promise<StaticCredentials> {
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: MOTO_DEFAULT_CREDENTIALS,
  });
  iam.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build', name: 'motoAccountId' },
  );
  await iam.send(new CreateUserCommand({ UserName: userName }));
  if (policy !== undefined) {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: userName,
        PolicyName: 'inline',
        PolicyDocument: JSON.stringify(policy),
      }),
    );
  }
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  if (key?.AccessKeyId === undefined || key.SecretAccessKey === undefined)
    throw new Error('moto returned no key');
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}
