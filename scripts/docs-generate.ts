/**
 * Build-time generator for the docs site (run by `docs-site`'s prebuild). Writes docs-site/generated/:
 * - hcl.json: the Terraform (HCL) that cdktf synthesizes from the example app, once per access level and
 *   encryption choice, as text segments and slots: each slot names the reader's value that goes there and
 *   its context (a plain HCL string, or JSON inside an HCL string), so the browser escapes each value for
 *   exactly the place it is written (src/core/render/hcl.ts), never by replacing text;
 * - reference.json: every option of `QuarticS3IntegrationOptions` (type, default, doc comment), read from
 *   src/core/options.ts with the TypeScript compiler, plus the example app's environment variables from
 *   the option registry (src/core/option-registry.ts).
 * Nothing here is typed by hand, so the guide cannot drift from the code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { OPTION_REGISTRY, OPTION_SPECS } from '../src/core/option-registry';
import { HclContext } from '../src/core/render/hcl';
import {
  CHOICE_FIELDS,
  choicesOf,
  HclBlock,
  HclChoices,
  HclData,
  HclSegment,
  HclValueField,
  TEXT_FIELDS,
  variantKey,
} from '../docs-site/src/guide/snippets';
import { main } from '../examples/main';
import { STACK_NAME } from '../examples/stack';

export const ROOT = resolve(__dirname, '..');
export const GENERATED_DIR = join(ROOT, 'docs-site', 'generated');

/**
 * Values synthesized in place of the reader's, one per free-text guide field (the compiler checks that
 * every one has a sentinel), to find where each value goes. Each is valid for the library and cannot be
 * confused with anything else in the HCL; the generator turns each into a slot.
 */
export const HCL_SENTINELS: Readonly<Record<HclValueField, string>> = {
  bucketName: 'qsentinel-bucket-name',
  region: 'ap-southeast-5',
  externalId: 'QSENTINEL-EXTERNAL-ID',
  roleName: 'QSENTINEL-ROLE',
};

/** cdktf writes a literal JSON document as one quoted HCL string: `policy = "{\"Version\":...}"`. */
const JSON_STRING_ATTRIBUTE = /^\s*[\w-]+\s*=\s*"\{\\"/;

/** The context of a sentinel at `index` of `line`, checked: the generator refuses any other place. */
function contextAt(line: string, index: number, length: number): HclContext {
  const before = line.slice(0, index);
  const after = line.slice(index + length);
  const open = before.lastIndexOf('"');
  const close = after.indexOf('"');
  if (open < 0 || close < 0) throw new Error(`docs-generate: a value outside a string: ${line.trim()}`);
  const inner = before.slice(open + 1) + after.slice(0, close);
  if (JSON_STRING_ATTRIBUTE.test(line)) {
    // Inside a JSON string of the document: between \" and \", with no other escape in it.
    if (before[open - 1] !== '\\' || after[close - 1] !== '\\' || inner.slice(0, -1).includes('\\')) {
      throw new Error(`docs-generate: a value in a JSON document but not in one JSON string: ${line.trim()}`);
    }
    return 'json-in-hcl-string';
  }
  if (inner.includes('\\') || /[$%]\{/.test(inner)) {
    throw new Error(`docs-generate: a value in an HCL string with escapes or templates: ${line.trim()}`);
  }
  return 'hcl-string';
}

/** Splits a block's text at its sentinels into literal text and slots. */
export function segmentsOf(text: string): HclSegment[] {
  const fields = Object.keys(HCL_SENTINELS) as HclValueField[];
  const pattern = new RegExp(fields.map((f) => HCL_SENTINELS[f]).join('|'), 'g');
  const segments: HclSegment[] = [];
  let literal = '';
  text.split('\n').forEach((line, i) => {
    if (i > 0) literal += '\n';
    let last = 0;
    for (const match of line.matchAll(pattern)) {
      const field = fields.find((f) => HCL_SENTINELS[f] === match[0]) as HclValueField;
      literal += line.slice(last, match.index);
      if (literal !== '') segments.push(literal);
      literal = '';
      segments.push({ field, context: contextAt(line, match.index, match[0].length) });
      last = match.index + match[0].length;
    }
    literal += line.slice(last);
  });
  if (literal !== '') segments.push(literal);
  return segments;
}

/** The text of segments with each slot written as its sentinel (what cdktf synthesized). */
export function sentinelText(segments: readonly HclSegment[]): string {
  return segments.map((s) => (typeof s === 'string' ? s : HCL_SENTINELS[s.field])).join('');
}

export type HclFile = HclData;

const BACKEND_NOTE =
  '  # cdktf writes a `backend "local"` block with an absolute path on the machine that ran synth; it is\n' +
  '  # left out here, so Terraform keeps its state in terraform.tfstate next to this file. Configure a\n' +
  '  # remote backend (S3 with locking, Terraform Cloud, ...) for a team.\n';

/** Removes the machine-specific local backend and empty bodies cdktf leaves behind. */
export function cleanHcl(raw: string): string {
  const withoutBackend = raw.replace(/\n\s*backend\s+"local"\s*\{[^}]*\}\s*\n/, `\n${BACKEND_NOTE}`);
  if (withoutBackend === raw && /backend\s+"/.test(raw)) {
    throw new Error('docs-generate: found a backend block it cannot strip; update cleanHcl()');
  }
  return withoutBackend.replace(/\{\n\s*\n(\s*)\}/g, '{\n$1}').replace(/\n{3,}/g, '\n\n');
}

/** Runs `terraform fmt` on a string; returns undefined when terraform is not installed. */
export function terraformFmt(hcl: string): string | undefined {
  try {
    return execFileSync('terraform', ['fmt', '-no-color', '-'], {
      input: hcl,
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: join(ROOT, 'test', 'support', 'mirror.tfrc') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** One blank line between top-level blocks. */
function spaceBlocks(hcl: string): string {
  return `${hcl
    .trim()
    .replace(/\n}\n(?=\S)/g, '\n}\n\n')
    .replace(/\n{3,}/g, '\n\n')}\n`;
}

/** Splits formatted HCL into its top-level blocks (each starts at column 0 and ends with `}` there). */
export function splitBlocks(hcl: string): HclBlock[] {
  const blocks: HclBlock[] = [];
  const lines = hcl.split('\n');
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (start < 0 && /^[a-z]/.test(line)) start = i;
    if (start >= 0 && line === '}') {
      const text = lines.slice(start, i + 1).join('\n');
      const header = /^(\w+)(?:\s+"([^"]+)")?(?:\s+"([^"]+)")?/.exec(text);
      if (!header) throw new Error(`docs-generate: cannot read HCL block header: ${text.slice(0, 60)}`);
      const [, kind, first = '', second] = header;
      blocks.push({ kind: kind as string, type: first, name: second ?? first, segments: segmentsOf(text) });
      start = -1;
    }
  }
  return blocks;
}

/**
 * Synthesizes the example app (examples/main.ts, the program customers run) to HCL, with a sentinel for
 * every free-text guide field and the given choices, each in its environment variable from the registry.
 */
function synthHcl(choices: HclChoices): string {
  const outdir = mkdtempSync(join(tmpdir(), 'quartic-docs-hcl-'));
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  const log = console.log;
  console.log = () => undefined;
  try {
    const code = main({
      CDKTF_OUTDIR: outdir,
      ...Object.fromEntries(TEXT_FIELDS.map((f) => [OPTION_REGISTRY[f].env, HCL_SENTINELS[f]])),
      ...Object.fromEntries(CHOICE_FIELDS.map((f) => [OPTION_REGISTRY[f].env, choices[f]])),
    });
    if (code !== 0) throw new Error(`docs-generate: example synth failed for ${variantKey(choices)}`);
    return readFileSync(join(outdir, 'stacks', STACK_NAME, 'cdk.tf'), 'utf8');
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
    console.log = log;
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every combination of the guide's choices (access level and encryption): one HCL variant each. */
export function choiceCombinations(): HclChoices[] {
  return CHOICE_FIELDS.reduce<Record<string, string>[]>(
    (combinations, field) =>
      combinations.flatMap((c) => (choicesOf(field) ?? []).map((value) => ({ ...c, [field]: value }))),
    [{}],
  ) as unknown as HclChoices[];
}

export function generateHcl(): HclFile {
  const variants: Record<string, HclData['variants'][string]> = {};
  let formatted = true;
  const warn = console.warn;
  console.warn = () => undefined; // the sentinel region is opt-in: its warning is expected
  try {
    for (const choices of choiceCombinations()) {
      const cleaned = cleanHcl(synthHcl(choices));
      const fmt = terraformFmt(cleaned);
      if (fmt === undefined) formatted = false;
      const hcl = spaceBlocks(fmt ?? cleaned);
      const blocks = splitBlocks(hcl);
      if (`${blocks.map((b) => sentinelText(b.segments)).join('\n\n')}\n` !== hcl) {
        throw new Error('docs-generate: the HCL blocks do not add up to the whole file');
      }
      variants[variantKey(choices)] = { ...choices, blocks };
    }
  } finally {
    console.warn = warn;
  }
  return { formatted, variants };
}

export interface ReferenceProp {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  /** The `@default` text, without the leading `- ` of the explanation form. */
  readonly default?: string;
  readonly doc: string;
  readonly see?: string;
}

export interface ReferenceInterface {
  readonly name: string;
  readonly doc: string;
  readonly props: readonly ReferenceProp[];
}

export interface ReferenceSetting {
  readonly env: string;
  readonly option: string;
  readonly description: string;
  readonly example: string;
}

export interface ReferenceFile {
  readonly source: string;
  readonly interfaces: readonly ReferenceInterface[];
  readonly settings: readonly ReferenceSetting[];
}

function jsDocText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) return '';
  if (typeof comment === 'string') return comment.trim();
  return comment
    .map((c) => c.text)
    .join('')
    .trim();
}

/** Reads the interfaces of a TypeScript file: props, types, doc comments, `@default` and `@see` tags. */
export function readInterfaces(file: string, names: readonly string[]): ReferenceInterface[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: ReferenceInterface[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !names.includes(node.name.text)) return;
    const docOf = (n: ts.Node) => ts.getJSDocCommentsAndTags(n).filter(ts.isJSDoc);
    const props: ReferenceProp[] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || member.type === undefined) continue;
      const docs = docOf(member);
      const tags = docs.flatMap((d) => [...(d.tags ?? [])]);
      const tag = (name: string) => {
        const t = tags.find((x) => x.tagName.text === name);
        return t === undefined ? undefined : jsDocText(t.comment).replace(/^-\s+/, '');
      };
      // `@see https://...` is parsed as a link; take the raw text of the tag instead.
      const seeTag = tags.find((x) => x.tagName.text === 'see');
      const see = seeTag
        ?.getText()
        .replace(/^@see\s+/, '')
        .replace(/\s*\*?\s*$/, '')
        .trim();
      props.push({
        name: member.name.getText(),
        type: member.type.getText().replace(/\s+/g, ' '),
        required: member.questionToken === undefined,
        default: tag('default'),
        doc: docs
          .map((d) => jsDocText(d.comment))
          .join('\n')
          .replace(/\s*\n\s*/g, ' '),
        see: see === '' ? undefined : see,
      });
    }
    found.push({
      name: node.name.text,
      doc: docOf(node)
        .map((d) => jsDocText(d.comment))
        .join(' ')
        .replace(/\s*\n\s*/g, ' '),
      props,
    });
  });
  return names.map((n) => {
    const i = found.find((f) => f.name === n);
    if (i === undefined) throw new Error(`docs-generate: interface ${n} not found in ${file}`);
    return i;
  });
}

export function generateReference(): ReferenceFile {
  const file = join(ROOT, 'src', 'core', 'options.ts');
  return {
    source: 'src/core/options.ts',
    interfaces: readInterfaces(file, ['QuarticS3IntegrationOptions', 'AccessLoggingOptions']),
    settings: OPTION_SPECS.map(({ env, field, summary, example }) => ({
      env,
      option: field,
      description: summary,
      example,
    })),
  };
}

export function generateAll(outDir = GENERATED_DIR): void {
  mkdirSync(outDir, { recursive: true });
  const hcl = generateHcl();
  writeFileSync(join(outDir, 'hcl.json'), `${JSON.stringify(hcl, null, 1)}\n`);
  writeFileSync(join(outDir, 'reference.json'), `${JSON.stringify(generateReference(), null, 1)}\n`);
  if (!hcl.formatted) console.warn('docs-generate: terraform not found, the HCL is shown unformatted');
}

if (require.main === module) {
  const started = Date.now();
  generateAll();
  console.log(`docs-generate: wrote ${GENERATED_DIR} in ${Date.now() - started} ms`);
}
