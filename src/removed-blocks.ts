/**
 * Terraform `removed` blocks (Terraform >= 1.7) for resources a change of options takes out of the
 * configuration: with `lifecycle { destroy = false }` Terraform forgets them (drops them from state) and
 * leaves them in AWS, instead of destroying the bucket's protections or the key that decrypts its objects.
 *
 * cdktf 0.21 has no binding for `removed`, so this element writes the JSON form itself (cdktf merges the
 * arrays of all elements, so several integrations in one stack each add theirs). cdktf's HCL renderer
 * knows only resource, data, provider, module, output, moved, import, locals and variable blocks and drops
 * anything else: for the HCL form, write `removedBlocksJson()` next to `cdk.tf` as a `.tf.json` file
 * (Terraform reads both formats in one directory); the example app does (examples/main.ts).
 */
import { TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The Terraform versions that understand `removed` blocks. Written with the blocks, so an older Terraform
 * stops with "Unsupported Terraform Core version" naming this constraint rather than with an unknown block.
 */
export const REMOVED_BLOCKS_TERRAFORM_VERSION = '>= 1.7';

/** The file the example app writes the `removed` blocks to beside an HCL `cdk.tf`. */
export const REMOVED_BLOCKS_FILE = 'quartic_removed.tf.json';

/** One `removed` block, as Terraform's JSON syntax spells it. */
export interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

export class ForgetRemovedResources extends TerraformElement {
  /** Every resource address (`type.name`) this element writes a `removed` block for. */
  public readonly addresses: readonly string[];

  constructor(scope: Construct, id: string, addresses: readonly string[]) {
    super(scope, id);
    for (const address of addresses) {
      if (!/^[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*$/.test(address)) {
        throw new Error(`not a resource address: ${JSON.stringify(address)}`);
      }
    }
    this.addresses = [...addresses];
  }

  public get blocks(): RemovedBlock[] {
    return this.addresses.map((from) => ({ from, lifecycle: { destroy: false } }));
  }

  public override toTerraform(): Record<string, unknown> {
    return this.addresses.length === 0
      ? {}
      : { terraform: { required_version: REMOVED_BLOCKS_TERRAFORM_VERSION }, removed: this.blocks };
  }

  public override toHclTerraform(): Record<string, unknown> {
    return {};
  }

  public override toMetadata(): Record<string, unknown> {
    return {};
  }
}

/**
 * The `removed` blocks of every integration in `scope`'s tree, as the text of a `.tf.json` file, or
 * undefined when there are none. For the HCL form, which cdktf writes without them.
 */
export function removedBlocksJson(scope: Construct): string | undefined {
  const blocks = scope.node
    .findAll()
    .filter((c): c is ForgetRemovedResources => c instanceof ForgetRemovedResources)
    .flatMap((c) => c.blocks);
  if (blocks.length === 0) return undefined;
  const file = { terraform: { required_version: REMOVED_BLOCKS_TERRAFORM_VERSION }, removed: blocks };
  return `${JSON.stringify(file, null, 2)}\n`;
}
