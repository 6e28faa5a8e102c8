/**
 * Pure helpers that turn the reader's values into the snippets the guide shows. No React, no Docusaurus:
 * the jest tests in test/docs import this file too. Every snippet comes from code the tests run: the
 * library's policy builders and CLI commands, the example app's source, and the HCL cdktf synthesized.
 *
 * Two walls keep a hostile value (from a crafted link, say) out of what a reader copies: every snippet
 * function refuses values that fail the library's validation (`renderableValues` says which may be
 * rendered), and every value is escaped for the language it is written into (src/core/render/).
 */
import { awsCliRevokeCommands, awsCliVerifyCommands } from '../../../src/core/cli-commands';
import { OPTION_REGISTRY, OptionSpec } from '../../../src/core/option-registry';
import { bashWord } from '../../../src/core/render/bash';
import { HclContext, renderHclValue } from '../../../src/core/render/hcl';
import { tsStringLiteral } from '../../../src/core/render/typescript';
import {
  assertRenderable,
  CHOICE_FIELDS,
  ChoiceField,
  GUIDE_FIELDS,
  GuideField,
  guideSpec,
  GuideValues,
  snippetOptions,
  TextField,
} from './values';

export * from './values';

/** The text between `// DOCS_BLOCK_START:<name>` and `// DOCS_BLOCK_END`, de-indented. */
export function extractDocsBlock(source: string, name: string): string {
  const start = source.indexOf(`// DOCS_BLOCK_START:${name}`);
  if (start < 0) throw new Error(`DOCS_BLOCK_START:${name} not found`);
  const from = source.indexOf('\n', start) + 1;
  const end = source.indexOf('// DOCS_BLOCK_END', from);
  if (end < 0) throw new Error(`DOCS_BLOCK_END for ${name} not found`);
  const lines = source.slice(from, end).replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/**
 * The fields a snippet writes out, in the registry's order: a required option always, any other only
 * when the reader's value differs from the option's default (as a reader would leave defaults out).
 */
export function writtenFields(values: GuideValues): GuideField[] {
  return GUIDE_FIELDS.filter((field) => {
    const spec: OptionSpec = OPTION_REGISTRY[field];
    return spec.required === true || values[field] !== spec.defaultValue;
  });
}

/**
 * The example stack's docs block, with the `...options` spread (the example reads its options from the
 * environment) written out as the reader's literal values: what they would put in their own stack.
 */
export function cdktfBlockWithValues(block: string, values: GuideValues): string {
  assertRenderable(values);
  const spread = /^(\s*)\.\.\.options,.*$/m.exec(block);
  if (spread === null)
    throw new Error('The docs block no longer spreads `...options`: update cdktfBlockWithValues');
  const pad = spread[1] as string;
  const options = snippetOptions(values);
  const lines = writtenFields(values).map((field) => {
    const comment = guideSpec(field).codeComment;
    return `${pad}${field}: ${tsStringLiteral(options[field])},${comment === undefined ? '' : ` // ${comment}`}`;
  });
  return block.replace(spread[0], lines.join('\n'));
}

/** The environment for the example app, as `export` lines (each option's variable from the registry). */
export function exampleEnv(values: GuideValues): string {
  assertRenderable(values);
  const options = snippetOptions(values);
  return writtenFields(values)
    .map((field) => `export ${OPTION_REGISTRY[field].env}=${bashWord(options[field])}`)
    .join('\n');
}

/** The reader's values that the synthesized HCL holds (the choices select its variant instead). */
export type HclValueField = TextField;

/** Where a reader's value goes in the HCL, and how it is escaped there (src/core/render/hcl.ts). */
export interface HclSlot {
  readonly field: HclValueField;
  readonly context: HclContext;
}

export type HclSegment = string | HclSlot;

/** A top-level block of the HCL that scripts/docs-generate.ts synthesized (docs-site/generated/hcl.json). */
export interface HclBlock {
  /** `resource`, `data`, `output`, `provider` or `terraform`. */
  readonly kind: string;
  /** Resource or data type, e.g. `aws_s3_bucket`; output/provider name for the others. */
  readonly type: string;
  readonly name: string;
  /** The block's text: literal HCL and slots for the reader's values. */
  readonly segments: readonly HclSegment[];
}

/** The reader's choices, which select one variant of the HCL. */
export type HclChoices = Pick<GuideValues, ChoiceField>;

export interface HclData {
  /** False when terraform was missing at build time (the HCL is shown unformatted). */
  readonly formatted: boolean;
  /** One variant per combination of the choices, by `variantKey`. */
  readonly variants: Readonly<Record<string, HclChoices & { readonly blocks: readonly HclBlock[] }>>;
}

/** The key of the HCL variant for these choices, e.g. `full|SSE-S3`. */
export function variantKey(choices: HclChoices): string {
  return CHOICE_FIELDS.map((field) => choices[field]).join('|');
}

export type StepId = 'bucket' | 'role' | 'policy' | 'handoff';

/** Which guide step shows an HCL block. Every block belongs to exactly one step. */
export function stepOfBlock(block: HclBlock): StepId {
  if (block.kind === 'output') return 'handoff';
  if (block.kind === 'resource' && block.type === 'aws_iam_role') return 'role';
  if (block.kind === 'resource' && block.type === 'aws_iam_role_policy') return 'policy';
  return 'bucket';
}

/**
 * The HCL of one step (or the whole file) with the values written into their slots, each escaped for
 * its context. This is the renderer alone: it does not validate (hclFor does), so the tests can prove
 * that even a hostile value reads back in Terraform as exactly its text.
 */
export function renderHcl(data: HclData, values: GuideValues, step: StepId | 'all'): string {
  const variant = data.variants[variantKey(values)];
  if (variant === undefined) throw new Error(`No HCL for ${variantKey(values)}`);
  const options = snippetOptions(values);
  const render = (segment: HclSegment) =>
    typeof segment === 'string' ? segment : renderHclValue(segment.context, options[segment.field]);
  const blocks = variant.blocks.filter((b) => step === 'all' || stepOfBlock(b) === step);
  return `${blocks.map((b) => b.segments.map(render).join('')).join('\n\n')}\n`;
}

/** The HCL of one step (or the whole file), for the reader's values; refuses invalid values. */
export function hclFor(data: HclData, values: GuideValues, step: StepId | 'all'): string {
  assertRenderable(values);
  return renderHcl(data, values, step);
}

/** Read-only AWS CLI checks (the verify page), from src/core/cli-commands.ts like every other command. */
export function verifyCommands(values: GuideValues): string {
  return awsCliVerifyCommands(snippetOptions(values)).join('\n');
}

/** Removing Quartic's access (the role and its policy); the bucket and its data stay. */
export function revokeCommands(values: GuideValues): string {
  return awsCliRevokeCommands(snippetOptions(values)).join('\n');
}
