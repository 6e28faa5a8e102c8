/**
 * What every part of the construct shares: the Terraform name of each resource, the provider it uses and
 * how a policy document becomes the string Terraform expects.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, TerraformElement, Token } from 'cdktf';
import { PolicyDocument } from '../core/policies';

export interface PartContext {
  /** The start of every Terraform name (`<prefix>_bucket`): the integration's id, see `addressPrefix`. */
  readonly prefix: string;
  /** The provider the resources name; undefined: the stack's default provider. */
  readonly provider?: AwsProvider;
}

/**
 * The prefix of an integration's Terraform names: its construct id with every character other than A-Z,
 * a-z, 0-9 and `_` as `_`. Stable, readable addresses (`aws_s3_bucket.quartic_bucket`), which the guide's HCL
 * quotes and customers' state holds.
 */
export function addressPrefix(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The element, its Terraform name set to `<prefix>_<construct id>`. */
export function named<T extends TerraformElement>(context: PartContext, element: T): T {
  element.overrideLogicalId(`${context.prefix}_${element.node.id}`);
  return element;
}

/**
 * A policy document as the string Terraform expects. Literal documents become plain JSON; documents that
 * hold tokens (a key ARN known only after apply) go through Terraform's jsonencode(), because cdktf's HCL
 * output cannot embed tokens in a JSON string.
 */
export function policyJson(document: PolicyDocument): string {
  const json = JSON.stringify(document);
  return Token.isUnresolved(json) ? Fn.jsonencode(document) : json;
}
