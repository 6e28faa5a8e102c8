/**
 * Reads the IAM documents back out of a synthesized cdk.tf.json, so the simulator judges what Terraform
 * would receive, not the builders' objects.
 *
 * Literal documents are JSON strings. The two documents that hold Terraform references (with a created
 * KMS key: the key policy, which names the role ARN and the caller's account ID, and the access policy,
 * which names the key ARN) are synthesized as `${jsonencode({ "Key" = value, ... })}`. Running
 * `terraform console` or a plan per read would cost seconds, so this file parses that expression with a
 * small recursive-descent reader of exactly the HCL subset cdktf emits there (objects with quoted keys,
 * tuples, strings with `${reference}` interpolations, bare references, numbers, booleans, null) and
 * resolves each reference from an explicit table of concrete test values, like Terraform would after
 * apply. Anything outside that subset, or a reference missing from the table, throws: a reader that
 * guessed could make a policy look narrower than it is. No string replacement on JSON text is involved.
 */
import { CUSTOMER_ACCOUNT, PolicyJson } from '../support/simulate';
import { SynthesizedStack } from '../support/synth';

/** Concrete values for the references a synthesized policy may hold (what apply would fill in). */
export const TEST_KEY_ARN = `arn:aws:kms:eu-west-2:${CUSTOMER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const REFERENCE_VALUES: Readonly<Record<string, string>> = {
  'aws_kms_key.quartic_kms_key.arn': TEST_KEY_ARN,
  'aws_iam_role.quartic_role.arn': `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/quartic-access`,
  'data.aws_caller_identity.quartic_caller.account_id': CUSTOMER_ACCOUNT,
};

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

class HclReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly references: Readonly<Record<string, string>>,
  ) {}

  read(): Value {
    const value = this.value();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing text');
    return value;
  }

  private fail(what: string): never {
    throw new Error(
      `${what} at offset ${this.pos}: ${JSON.stringify(this.text.slice(this.pos, this.pos + 40))}`,
    );
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private expect(token: string): void {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected ${JSON.stringify(token)}`);
    this.pos += token.length;
  }

  private peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  private value(): Value {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    if (/[-\d]/.test(c)) return this.number();
    const word = this.traversal();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return this.resolve(word);
  }

  private object(): { [key: string]: Value } {
    this.expect('{');
    const result: { [key: string]: Value } = {};
    while (this.peek() !== '}') {
      const key = this.string();
      if (key in result) this.fail(`duplicate key ${JSON.stringify(key)}`);
      this.skipSpace();
      if (this.text[this.pos] === '=' || this.text[this.pos] === ':') this.pos++;
      else this.fail('expected "=" after an object key');
      result[key] = this.value();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail('expected "," or "}"');
    }
    this.expect('}');
    return result;
  }

  private tuple(): Value[] {
    this.expect('[');
    const result: Value[] = [];
    while (this.peek() !== ']') {
      result.push(this.value());
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]"');
    }
    this.expect(']');
    return result;
  }

  private number(): number {
    const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (match === null) this.fail('expected a number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private traversal(): string {
    const match = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*/.exec(this.text.slice(this.pos));
    if (match === null) this.fail('expected a value');
    this.pos += match[0].length;
    return match[0];
  }

  private resolve(reference: string): string {
    const value = this.references[reference];
    if (value === undefined) this.fail(`no test value for the reference ${reference}`);
    return value;
  }

  private string(): string {
    this.expect('"');
    let out = '';
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else if (e !== undefined && e in escapes) {
          out += escapes[e];
          this.pos += 2;
        } else this.fail('unsupported escape');
      } else if (this.text.startsWith('$${', this.pos)) {
        out += '${';
        this.pos += 3;
      } else if (this.text.startsWith('${', this.pos)) {
        this.pos += 2;
        const reference = this.traversal();
        this.expect('}');
        out += this.resolve(reference);
      } else if (this.text.startsWith('%{', this.pos)) {
        this.fail('template directives are not supported');
      } else {
        out += c;
        this.pos++;
      }
    }
  }
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/**
 * A policy as a synthesized stack holds it: a JSON string, or a `${jsonencode(...)}` expression whose
 * references are resolved from `references`.
 */
export function readPolicy(
  synthesized: unknown,
  references: Readonly<Record<string, string>> = REFERENCE_VALUES,
): PolicyJson {
  if (typeof synthesized !== 'string') throw new Error(`expected a policy string, got ${typeof synthesized}`);
  const expression = JSONENCODE.exec(synthesized);
  const value: unknown = expression
    ? new HclReader(expression[1], references).read()
    : JSON.parse(synthesized);
  const doc = value as PolicyJson;
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.Statement)) {
    throw new Error('not a policy document');
  }
  return doc;
}

/** The value of one attribute of one resource, failing loudly when absent. */
function attribute(stack: SynthesizedStack, type: string, id: string, name: string): unknown {
  const block = stack.resource?.[type]?.[id];
  if (block === undefined) throw new Error(`no ${type}.${id} in the synthesized stack`);
  if (!(name in block)) throw new Error(`${type}.${id} has no ${name}`);
  return block[name];
}

export interface StackPolicies {
  readonly trust: PolicyJson;
  readonly access: PolicyJson;
  /** Undefined with `existingBucket: true` (the kit writes no bucket policy then). */
  readonly bucket?: PolicyJson;
  /** Only when the construct creates the KMS key. */
  readonly key?: PolicyJson;
}

/** Every IAM document of a synthesized example stack. */
export function policiesOf(stack: SynthesizedStack): StackPolicies {
  const has = (type: string, id: string) => stack.resource?.[type]?.[id] !== undefined;
  return {
    trust: readPolicy(attribute(stack, 'aws_iam_role', 'quartic_role', 'assume_role_policy')),
    access: readPolicy(attribute(stack, 'aws_iam_role_policy', 'quartic_access_policy', 'policy')),
    bucket: has('aws_s3_bucket_policy', 'quartic_tls_only_policy')
      ? readPolicy(attribute(stack, 'aws_s3_bucket_policy', 'quartic_tls_only_policy', 'policy'))
      : undefined,
    key: has('aws_kms_key', 'quartic_kms_key')
      ? readPolicy(attribute(stack, 'aws_kms_key', 'quartic_kms_key', 'policy'))
      : undefined,
  };
}
