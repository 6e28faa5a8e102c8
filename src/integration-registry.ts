/**
 * Several integrations in one stack: the output names each one gets, and the clash check that refuses two
 * integrations which would create the same IAM role, the same bucket, the same Terraform addresses or
 * outputs, or a second default AWS provider. cdktf merges two elements with the same logical id without a
 * word (the last one wins), so every clash is refused here, at synth, naming both construct paths.
 */
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { OUTPUT_IDS } from './core/handoff';
import { Problem, QuarticConfigError, ruleProblem } from './core/validation';

/** The Terraform output names of one integration (an interface, not a mapped type, so jsii can publish it). */
export interface OutputIds {
  readonly bucketName: string;
  readonly bucketRegion: string;
  readonly roleArn: string;
  readonly handoff: string;
  /** The expected configuration `quartic-s3 verify --from-outputs` reads (`quartic_expected`). */
  readonly expected: string;
}

/** Terraform names: a letter or underscore, then letters, digits, underscores and hyphens. */
const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The output names for a prefix: `''` gives the plain names (`bucket_name`, `bucket_region`, `role_arn`,
 * `quartic_handoff`, `quartic_expected`), `'dev'` gives `dev_bucket_name`, `dev_bucket_region`,
 * `dev_role_arn`, `dev_quartic_handoff`, `dev_quartic_expected`.
 */
export function outputIdsFor(prefix: string): OutputIds {
  const name = (plain: string) => (prefix === '' ? plain : `${prefix}_${plain}`);
  return {
    bucketName: name(OUTPUT_IDS.bucketName),
    bucketRegion: name(OUTPUT_IDS.bucketRegion),
    roleArn: name(OUTPUT_IDS.roleArn),
    handoff: name(OUTPUT_IDS.handoff),
    expected: name(OUTPUT_IDS.expected),
  };
}

/** What one integration claims in its stack. */
export interface IntegrationClaims {
  /** The integration's construct id (its resources' Terraform names start with it). */
  readonly id: string;
  /** The prefix of its resources' Terraform names: the id with characters other than [A-Za-z0-9_] as `_`. */
  readonly addressPrefix: string;
  /** The `outputPrefix` prop, when given. */
  readonly outputPrefix?: string;
  /** The role name it creates (may be a token). */
  readonly roleName: string;
  /** The bucket it creates, or undefined when it uses an existing bucket. */
  readonly createdBucket?: string;
  /** True when it creates the stack's default AWS provider (no `provider` prop). */
  readonly createsDefaultProvider: boolean;
}

interface Registered extends IntegrationClaims {
  readonly path: string;
  readonly outputIds: OutputIds;
}

const REGISTRIES = new WeakMap<TerraformStack, Registered[]>();

/**
 * Whether two names are certainly the same: equal literals (`ignoreCase` for IAM), or the very same token
 * (one variable or attribute passed to both). Different tokens may resolve to anything: not compared.
 */
function sameName(a: string | undefined, b: string | undefined, ignoreCase: boolean): boolean {
  if (a === undefined || b === undefined) return false;
  if (Token.isUnresolved(a) || Token.isUnresolved(b)) return a === b;
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** An example of a distinct name: the value with the integration's id appended, or a hint for a token. */
function distinct(value: string, suffix: string): string {
  return Token.isUnresolved(value)
    ? 'a different value (or variable) for each integration'
    : `"${value}-${suffix.replace(/_/g, '-').toLowerCase()}"`;
}

/**
 * Registers an integration in its stack and returns its output names, or throws a QuarticConfigError with
 * every clash against the integrations registered before it (and a bad `outputPrefix`).
 *
 * Output names: the `outputPrefix` when given (`''` for the plain names); otherwise the plain names for the
 * first integration in the stack and the address prefix (the construct id) for every later one, so adding
 * an integration never renames the outputs of one that already exists.
 */
export function registerIntegration(integration: Construct, claims: IntegrationClaims): OutputIds {
  const stack = TerraformStack.of(integration);
  const earlier = REGISTRIES.get(stack) ?? [];
  const path = integration.node.path;
  const problems: Problem[] = [];

  const explicit = claims.outputPrefix;
  if (
    explicit !== undefined &&
    (Token.isUnresolved(explicit) || !(explicit === '' || TERRAFORM_NAME.test(explicit)))
  ) {
    problems.push(
      ruleProblem(
        'output-prefix.terraform-name',
        'outputPrefix',
        explicit,
        `"${TERRAFORM_NAME.test(claims.addressPrefix) ? claims.addressPrefix : 'dev'}"`,
      ),
    );
  }
  const prefix = explicit ?? (earlier.length === 0 ? '' : claims.addressPrefix);
  const outputIds = outputIdsFor(prefix);
  const suggestion = TERRAFORM_NAME.test(claims.addressPrefix) ? claims.addressPrefix : 'dev';

  for (const other of earlier) {
    // The facts of every clash: the two construct paths.
    const paths = { path, otherPath: other.path };
    if (other.addressPrefix === claims.addressPrefix) {
      problems.push(
        ruleProblem('id.same-addresses', 'id', claims.id, `"${claims.addressPrefix}_2"`, {
          ...paths,
          otherId: other.id,
          addressPrefix: claims.addressPrefix,
        }),
      );
    }
    if (sameName(claims.roleName, other.roleName, true)) {
      problems.push(
        ruleProblem(
          'role-name.same-role',
          'roleName',
          claims.roleName,
          distinct(claims.roleName, suggestion),
          paths,
        ),
      );
    }
    if (claims.createdBucket !== undefined && sameName(claims.createdBucket, other.createdBucket, false)) {
      problems.push(
        ruleProblem(
          'bucket-name.same-bucket',
          'bucketName',
          claims.createdBucket,
          distinct(claims.createdBucket, suggestion),
          paths,
        ),
      );
    }
    const shared = Object.values(outputIds).filter((name) => Object.values(other.outputIds).includes(name));
    if (shared.length > 0) {
      problems.push(
        ruleProblem('output-prefix.same-outputs', 'outputPrefix', prefix, `"${suggestion}"`, {
          ...paths,
          outputs: shared.join(', '),
        }),
      );
    }
    if (claims.createsDefaultProvider && other.createsDefaultProvider) {
      problems.push(
        ruleProblem(
          'provider.second-default',
          'provider',
          undefined,
          "new AwsProvider(stack, 'aws', { region: '...' }) passed as `provider` to both",
          paths,
        ),
      );
    }
  }
  if (problems.length > 0) throw new QuarticConfigError(problems);
  REGISTRIES.set(stack, [...earlier, { ...claims, path, outputIds }]);
  return outputIds;
}
