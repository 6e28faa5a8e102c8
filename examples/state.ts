/**
 * Where the example app keeps its Terraform state, chosen without code edits: environment variables first,
 * then the `state` object in cdktf.json's `context.quartic`. Local (cdktf's default, a file in the project)
 * unless configured; an S3 bucket with Terraform's native S3 locking (`use_lockfile`), or HCP Terraform /
 * Terraform Enterprise (the `cloud` block), for a team or CI. Every setting is listed once, in
 * STATE_SETTINGS; the README table is generated from it. Its problems are the library's kind of problem
 * (field `state.<key>`), rendered by the example app's surface like every other. Credentials are never
 * configured here: the S3 backend uses the normal AWS credential chain, the cloud block `terraform login`
 * or TF_TOKEN_<host>.
 */
import { bucketNameProblems, Facts, oneOf, Problem, regionInfo, RuleId, ruleProblem } from '../src';
import { readSetting } from './inputs';

export type StateBackend = 'local' | 's3' | 'cloud';
export const STATE_BACKENDS: readonly StateBackend[] = ['local', 's3', 'cloud'];

export type StateConfig =
  | { readonly backend: 'local' }
  | { readonly backend: 's3'; readonly bucket: string; readonly key: string; readonly region: string }
  | {
      readonly backend: 'cloud';
      readonly organization: string;
      readonly workspace: string;
      readonly hostname: string;
    };

type Field = 'backend' | 'bucket' | 'key' | 'region' | 'organization' | 'workspace' | 'hostname';

export interface StateSetting {
  readonly env: string;
  /** Key in cdktf.json's context.quartic.state object. */
  readonly field: Field;
  /** The backend the setting belongs to (undefined: the choice of backend itself). */
  readonly backend?: Exclude<StateBackend, 'local'>;
  readonly description: string;
  readonly example: string;
}

export const DEFAULT_STATE_KEY = 'quartic-s3/terraform.tfstate';
export const DEFAULT_CLOUD_HOSTNAME = 'app.terraform.io';

export const STATE_SETTINGS: readonly StateSetting[] = [
  {
    env: 'QUARTIC_STATE_BACKEND',
    field: 'backend',
    description: '`local` (default: a file in the project), `s3` or `cloud` (HCP Terraform).',
    example: 's3',
  },
  {
    env: 'QUARTIC_STATE_BUCKET',
    field: 'bucket',
    backend: 's3',
    description: 'Existing bucket for the state (required for `s3`); turn its versioning on.',
    example: 'acme-terraform-state',
  },
  {
    env: 'QUARTIC_STATE_KEY',
    field: 'key',
    backend: 's3',
    description: `Object key of the state. Default \`${DEFAULT_STATE_KEY}\`; the lock is \`<key>.tflock\`.`,
    example: 'teams/data/quartic.tfstate',
  },
  {
    env: 'QUARTIC_STATE_REGION',
    field: 'region',
    backend: 's3',
    description: 'Region of the state bucket. Default: the integration’s region.',
    example: 'eu-west-1',
  },
  {
    env: 'QUARTIC_STATE_ORGANIZATION',
    field: 'organization',
    backend: 'cloud',
    description: 'HCP Terraform organization (required for `cloud`).',
    example: 'acme',
  },
  {
    env: 'QUARTIC_STATE_WORKSPACE',
    field: 'workspace',
    backend: 'cloud',
    description: 'HCP Terraform workspace (required for `cloud`).',
    example: 'quartic-s3',
  },
  {
    env: 'QUARTIC_STATE_HOSTNAME',
    field: 'hostname',
    backend: 'cloud',
    description: `Terraform Enterprise host. Default \`${DEFAULT_CLOUD_HOSTNAME}\`.`,
    example: 'tfe.acme.example',
  },
];

const setting = (field: Field): StateSetting => STATE_SETTINGS.find((s) => s.field === field) as StateSetting;

/** A problem of a state setting, with the setting's example unless told. */
function stateProblem(
  field: Field,
  value: unknown,
  ruleId: RuleId,
  facts?: Facts,
  example?: string,
): Problem {
  return ruleProblem(
    ruleId,
    `state.${field}`,
    value,
    example ?? JSON.stringify(setting(field).example),
    facts,
  );
}

/** HCP Terraform names: letters, digits, `-` and `_` (organizations up to 40 characters, workspaces 90). */
function nameProblems(field: 'organization' | 'workspace', value: string, max: number): Problem[] {
  const found: Problem[] = [];
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    found.push(stateProblem(field, value, 'state.name-characters'));
  }
  if (value.length > max) {
    found.push(stateProblem(field, value, 'state.name-length', { max, length: value.length }));
  }
  return found;
}

/** The S3 backend's key rules: not empty, no leading or trailing slash, no empty path segment. */
function keyProblems(key: string): Problem[] {
  if (key === '') return [stateProblem('key', key, 'state.key-empty')];
  if (key.startsWith('/') || key.endsWith('/')) return [stateProblem('key', key, 'state.key-ends')];
  if (key.includes('//')) return [stateProblem('key', key, 'state.key-adjacent-slashes')];
  return [];
}

export interface LoadedState {
  readonly state: StateConfig;
  readonly problems: readonly Problem[];
}

/**
 * Reads the state settings (`defaultRegion`: the integration's region, for the state bucket) and checks
 * every one, so all problems are reported in one run. A setting of a backend that is not chosen is a
 * problem too: it would otherwise be silently ignored.
 */
export function loadState(env: NodeJS.ProcessEnv, context: unknown, defaultRegion: string): LoadedState {
  const state =
    typeof context === 'object' && context !== null ? (context as { state?: unknown }).state : undefined;
  const problems: Problem[] = [];
  if (state !== undefined && (typeof state !== 'object' || state === null || Array.isArray(state))) {
    problems.push(
      ruleProblem('object', 'state', state, '{ "backend": "s3", "bucket": "acme-terraform-state" }'),
    );
  }
  const values = new Map<Field, string>();
  for (const s of STATE_SETTINGS) {
    const input = readSetting(env, context, { env: s.env, field: `state.${s.field}` });
    if (input === undefined) continue;
    if (typeof input.raw !== 'string')
      problems.push(ruleProblem('string', `state.${s.field}`, input.raw, JSON.stringify(s.example)));
    else values.set(s.field, input.raw);
  }

  const backend = values.get('backend') ?? 'local';
  if (!(STATE_BACKENDS as readonly string[]).includes(backend)) {
    problems.push(
      stateProblem('backend', backend, 'state.backend-choice', { choices: oneOf(STATE_BACKENDS) }),
    );
    return { state: { backend: 'local' }, problems };
  }
  for (const s of STATE_SETTINGS) {
    if (s.backend !== undefined && s.backend !== backend && values.has(s.field)) {
      problems.push(
        stateProblem(
          s.field,
          values.get(s.field),
          'state.other-backend',
          { backend: s.backend, chosen: backend },
          'leave it unset',
        ),
      );
    }
  }

  if (backend === 's3') {
    const bucket = values.get('bucket');
    if (bucket === undefined) problems.push(stateProblem('bucket', bucket, 'state.required', { backend }));
    else {
      problems.push(...bucketNameProblems('state.bucket', bucket, JSON.stringify(setting('bucket').example)));
    }
    const key = values.get('key') ?? DEFAULT_STATE_KEY;
    problems.push(...keyProblems(key));
    const region = values.get('region') ?? defaultRegion;
    if (regionInfo(region).partition === undefined) {
      problems.push(stateProblem('region', region, 'region.unknown'));
    }
    return { state: { backend, bucket: bucket ?? '', key, region }, problems };
  }
  if (backend === 'cloud') {
    const organization = values.get('organization');
    const workspace = values.get('workspace');
    if (organization === undefined) {
      problems.push(stateProblem('organization', organization, 'state.required', { backend }));
    } else problems.push(...nameProblems('organization', organization, 40));
    if (workspace === undefined) {
      problems.push(stateProblem('workspace', workspace, 'state.required', { backend }));
    } else problems.push(...nameProblems('workspace', workspace, 90));
    const hostname = values.get('hostname') ?? DEFAULT_CLOUD_HOSTNAME;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i.test(hostname)) {
      problems.push(stateProblem('hostname', hostname, 'state.hostname'));
    }
    return {
      state: { backend, organization: organization ?? '', workspace: workspace ?? '', hostname },
      problems,
    };
  }
  return { state: { backend: 'local' }, problems };
}

/** One line that says where the state of a synthesized stack lives (printed after synthesis). */
export function describeState(state: StateConfig, localPath: string | undefined): string {
  switch (state.backend) {
    case 's3':
      return `State: s3://${state.bucket}/${state.key} (region ${state.region}), locked with s3://${state.bucket}/${state.key}.tflock (use_lockfile).`;
    case 'cloud':
      return `State: HCP Terraform workspace "${state.workspace}" of organization "${state.organization}" on ${state.hostname} (log in with \`terraform login ${state.hostname}\` or set TF_TOKEN_*).`;
    default:
      return (
        `State: local file ${localPath ?? '(cdktf default)'}; only this machine has it. To share and lock it, set ` +
        `${setting('backend').env}=s3 (with ${setting('bucket').env}) or =cloud (see README).`
      );
  }
}
