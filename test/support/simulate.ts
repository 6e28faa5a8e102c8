/**
 * A thin, strict wrapper around @cloud-copilot/iam-simulate (AGPL-3.0: a dev/test dependency only, never
 * imported from src/). It answers one question per call: what does IAM decide for this request?
 *
 * Strictness, so a test can never pass by accident:
 * - A simulation the library cannot run (bad policy, action/resource mismatch) throws instead of "denied".
 * - A context key the simulator drops as "not applicable to this action" throws, because a dropped key
 *   silently turns every condition on it into a non-match. The one exception is the KMS encryption
 *   context (`kms:EncryptionContext:aws:s3:arn`): the simulator only recognizes variable condition keys
 *   whose variable follows a `/` (like `aws:PrincipalTag/team`), so it drops `kms:EncryptionContext:<key>`
 *   although AWS defines it for kms:Decrypt and kms:GenerateDataKey. Decisions are therefore made by the
 *   library's `runUnsafeSimulation` (the same engine, with the context exactly as given) once the
 *   validating `runSimulation` has accepted the request's shape; see `decide`. The KMS tests prove the key
 *   is really evaluated: the same request is allowed with this bucket's context and denied with another's.
 */
import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
  type ValidatedPolicy,
} from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface PolicyJson {
  readonly Version: string;
  readonly Statement: readonly unknown[];
}

/** The customer's account, where the bucket, the role and the key live. */
export const CUSTOMER_ACCOUNT = '111122223333';
/** An account that is neither the customer's nor the trusted one. */
export const OTHER_ACCOUNT = '444455556666';

export interface SimRequest {
  /** ARN of the caller. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. @default CUSTOMER_ACCOUNT */
  readonly resourceAccount?: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** Policies attached to the caller. */
  readonly identityPolicies?: readonly PolicyJson[];
  /** Policy of the resource (role trust policy, bucket policy, key policy). */
  readonly resourcePolicy?: PolicyJson;
  /**
   * Accept that the simulator drops context keys the action does not support per the AWS service
   * reference (AWS does not send them for that action either). For sweeps over many actions with one
   * context; a single, targeted check must pass only keys that apply. @default false
   */
  readonly dropInapplicableContext?: boolean;
}

/** Context keys the simulator cannot name (see the file comment), evaluated through the unsafe entry. */
const UNRECOGNIZED_BUT_REAL = /^kms:EncryptionContext:/i;

/**
 * What the simulator's request validation (resource type, applicable context keys) depends on: the action,
 * the kind of resource and the names of the context keys. Not the bucket's name (`arn:aws:s3:::a/k` and
 * `arn:aws:s3:::b/k` validate alike) and not the policies, which are validated on their own.
 */
function shapeOf(simulation: Simulation): string {
  const { action, resource, contextVariables } = simulation.request;
  const resourceShape = resource.resource.replace(/^arn:aws:s3:::[^/]+/, 'arn:aws:s3:::<bucket>');
  return JSON.stringify([action, resourceShape, resource.accountId, Object.keys(contextVariables).sort()]);
}

/** Policies already validated (by object identity), each as identity or resource policy. */
const validatedPolicies = new WeakMap<PolicyJson, Set<'identity' | 'resource'>>();
function validatePolicy(policy: PolicyJson, as: 'identity' | 'resource'): void {
  const done = validatedPolicies.get(policy) ?? new Set();
  if (done.has(as)) return;
  const errors = as === 'identity' ? validateIdentityPolicy(policy) : validateResourcePolicy(policy);
  if (errors.length > 0) throw new Error(`invalid ${as} policy: ${JSON.stringify(errors)}`);
  done.add(as);
  validatedPolicies.set(policy, done);
}

/**
 * `runUnsafeSimulation` loads a raw resource policy without a name and then fails reading it
 * (`Cannot read properties of undefined (reading 'name')`); a ValidatedPolicy carries the name.
 */
const namedResourcePolicies = new WeakMap<PolicyJson, ValidatedPolicy<{ name: string }>>();
function namedResourcePolicy(policy: PolicyJson): ValidatedPolicy<{ name: string }> {
  let named = namedResourcePolicies.get(policy);
  if (named === undefined) {
    named = createValidatedPolicy(policy, validateResourcePolicy, { name: 'ResourcePolicy' });
    namedResourcePolicies.set(policy, named);
  }
  return named;
}

/** Shapes already validated, with the context keys the simulator dropped for them. */
const validatedShapes = new Map<string, readonly string[]>();

/**
 * IAM's decision for one request. Every policy is validated once with the library's validators; the first
 * request of each shape runs through the validating `runSimulation` (which also rejects resource-type
 * mismatches and reports inapplicable context keys); later requests of the same shape (the same action on
 * a sibling bucket, or under another access level's policy) reuse that validation and run the same engine
 * through `runUnsafeSimulation`, about 6x faster. Each first run cross-checks that both entries agree.
 */
export async function decide(req: SimRequest): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount ?? CUSTOMER_ACCOUNT },
      contextVariables: { ...(req.context ?? {}) },
    },
    identityPolicies: (req.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy,
  };
  for (const policy of req.identityPolicies ?? []) validatePolicy(policy, 'identity');
  if (req.resourcePolicy !== undefined) validatePolicy(req.resourcePolicy, 'resource');
  // Wildcard resources (account-level actions) get the validating entry's special handling every time.
  const reusable = !req.resource.includes('*');
  const shape = shapeOf(simulation);
  let ignored = reusable ? validatedShapes.get(shape) : undefined;
  let validatedResult: Decision | undefined;
  if (ignored === undefined) {
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new Error(
        `simulation of ${req.action} on ${req.resource} could not run: ${JSON.stringify(result.errors)}`,
      );
    }
    if (result.resultType !== 'single') {
      throw new Error(`expected a single-resource simulation for ${req.resource}, got ${result.resultType}`);
    }
    ignored = result.result.ignoredContextKeys ?? [];
    validatedResult = result.overallResult;
    if (reusable) validatedShapes.set(shape, ignored);
  }
  const inapplicable = ignored.filter((key) => !UNRECOGNIZED_BUT_REAL.test(key));
  if (inapplicable.length > 0 && req.dropInapplicableContext !== true) {
    throw new Error(
      `the simulator ignored context keys ${inapplicable.join(', ')} for ${req.action}: ` +
        'they do not apply to this action, so the test would not test what it says',
    );
  }
  const encryptionContextDropped = inapplicable.length < ignored.length;
  if (!reusable) {
    if (encryptionContextDropped)
      throw new Error(`wildcard resource with an encryption context: ${req.action}`);
    return validatedResult as Decision;
  }
  // Decide with exactly the context the validated run used, except that the encryption context is kept.
  const context = { ...simulation.request.contextVariables };
  for (const key of inapplicable) delete context[key];
  const decision = runUnsafeSimulation(
    {
      ...simulation,
      request: { ...simulation.request, contextVariables: context },
      resourcePolicy: req.resourcePolicy && namedResourcePolicy(req.resourcePolicy),
    },
    {},
  );
  if (validatedResult !== undefined && !encryptionContextDropped && decision !== validatedResult) {
    throw new Error(
      `the simulator's entries disagree on ${req.action} on ${req.resource}: ${validatedResult} vs ${decision}`,
    );
  }
  return decision;
}

/** An identity policy that allows one action on everything (the caller's side of a cross-account call). */
export function allowEverywhere(action: string): PolicyJson {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] };
}
