/**
 * Snippets rendered from the reader's values with the library's own code: policy builders, the AWS CLI
 * commands module, the example app's source (via raw-loader) and the HCL cdktf synthesized at build time.
 * Each renders only from values that pass validation (`Guarded`): while any value is invalid, its area
 * shows what to fix and a placeholder, with nothing to copy or download.
 */
import React from 'react';
import CodeBlock from '@theme/CodeBlock';
import Tabs from '@theme/Tabs';
import { ACCESS_LEVEL_DEFINITIONS } from '../../../src/core/access-levels';
import { awsCliSteps } from '../../../src/core/cli-commands';
import { ACCESS_POLICY_NAME, QUARTIC_ACCOUNT_ID } from '../../../src/core/defaults';
import { formatHandoff, OUTPUT_IDS } from '../../../src/core/handoff';
import { accessPolicy, bucketArn, bucketPolicy, objectsArn, trustPolicy } from '../../../src/core/policies';
import { COMMERCIAL_PARTITION } from '../../../src/core/regions';
import { stackSource } from '../guide/example-sources';
import hclData from '../../generated/hcl.json';
import {
  GUIDE_SURFACE,
  GuideField,
  GuideValues,
  PLACEHOLDERS,
  snippetOptions as optionsFor,
  cdktfBlockWithValues,
  exampleEnv,
  extractDocsBlock,
  HclData,
  hclFor,
  StepId,
  TOOL_GROUP,
  revokeCommands,
  verifyCommands,
} from '../guide/snippets';
import { EncryptionType } from '../../../src/core/options';
import { registryFieldOf } from '../../../src/core/option-registry';
import { Problem, renderRule } from '../../../src/core/validation';
import { useGuideValues } from './GuideValues';
import styles from './styles.module.css';

/**
 * The area of a snippet while the values are invalid: each problem's rule for the guide's surface (named
 * by the field's label, without the value) and a placeholder for each field at fault.
 */
function Blocked({ title, problems }: { title: string; problems: readonly Problem[] }): React.ReactElement {
  const fields = [...new Set(problems.map((p) => p.field))];
  const placeholder = (field: string): string => {
    const own = registryFieldOf(field);
    return (own !== undefined && PLACEHOLDERS[own as GuideField]) || '<fix this value>';
  };
  return (
    <div className={styles.blocked} role="status" data-snippet-blocked={title}>
      <p className={styles.blockedTitle}>
        {title}: shown once every value in the configurator is valid. To fix:
      </p>
      <ul>
        {problems.map((p) => (
          <li key={`${p.field} ${p.rule}`}>
            <strong>{GUIDE_SURFACE.label(p.field)}</strong> {renderRule(p, GUIDE_SURFACE)}
          </li>
        ))}
      </ul>
      <pre className={styles.blockedPlaceholder} aria-hidden="true">
        {fields.map((f) => `${GUIDE_SURFACE.label(f)} = ${placeholder(f)}`).join('\n')}
      </pre>
    </div>
  );
}

/** Renders `children` from the reader's values only when they are valid; otherwise the Blocked area. */
function Guarded({
  title,
  children,
}: {
  title: string;
  children: (values: GuideValues) => React.ReactNode;
}): React.ReactElement {
  const { renderable, snippetProblems } = useGuideValues();
  if (renderable === undefined) return <Blocked title={title} problems={snippetProblems} />;
  return <>{children(renderable)}</>;
}

export function ToolTabs({ children }: { children: React.ReactNode }): React.ReactElement {
  return (
    <Tabs groupId={TOOL_GROUP} queryString lazy>
      {children}
    </Tabs>
  );
}

const DOCS_BLOCK = extractDocsBlock(stackSource, 'integration');
const STACK_NAME = /STACK_NAME\s*=\s*'([^']+)'/.exec(stackSource)?.[1] ?? 'quartic-s3';

/** The AWS CLI commands of one step, from src/core/cli-commands.ts. */
export function CliSnippet({ step }: { step: StepId }): React.ReactElement {
  return (
    <Guarded title="AWS CLI commands">
      {(values) => {
        const found = awsCliSteps(optionsFor(values)).find((s) => s.id === step);
        if (found === undefined) throw new Error(`No CLI step ${step}`);
        return (
          <CodeBlock language="bash" title={`${found.title} (AWS CLI v2, bash)`}>
            {found.commands.join('\n\n')}
          </CodeBlock>
        );
      }}
    </Guarded>
  );
}

/** The example stack's docs block with the reader's values written in. */
export function CdktfSnippet(): React.ReactElement {
  return (
    <Guarded title="CDKTF code">
      {(values) => (
        <CodeBlock language="ts" title="In your own stack (from examples/stack.ts)">
          {cdktfBlockWithValues(DOCS_BLOCK, values)}
        </CodeBlock>
      )}
    </Guarded>
  );
}

/** Running the kit's example app with the reader's values. */
export function CdktfDeploySnippet(): React.ReactElement {
  return (
    <Guarded title="Deploy commands">
      {(values) => (
        <CodeBlock language="bash" title="Or deploy the kit's example app as it is">
          {`${exampleEnv(values)}\nnpx cdktf deploy ${STACK_NAME}`}
        </CodeBlock>
      )}
    </Guarded>
  );
}

/** `cdktf output`: the hand-off values after deploy. */
export function CdktfOutputSnippet(): React.ReactElement {
  return (
    <CodeBlock language="bash" title="After cdktf deploy">
      {`npx cdktf output ${STACK_NAME}\n# ${OUTPUT_IDS.handoff} = { bucket_name, bucket_region, role_arn }`}
    </CodeBlock>
  );
}

/** The HCL cdktf synthesizes from the example app, for one step or the whole file. */
export function HclSnippet({ step }: { step: StepId | 'all' }): React.ReactElement {
  return (
    <Guarded title="Terraform code">
      {(values) => (
        <CodeBlock language="hcl" title={step === 'all' ? 'main.tf' : 'main.tf (this step)'}>
          {hclFor(hclData as HclData, values, step)}
        </CodeBlock>
      )}
    </Guarded>
  );
}

/** A policy document from src/core/policies.ts. */
export function PolicySnippet({ kind }: { kind: 'trust' | 'access' | 'bucket' }): React.ReactElement {
  return <Guarded title="Policy document">{(values) => <PolicyBlock kind={kind} values={values} />}</Guarded>;
}

function PolicyBlock({
  kind,
  values,
}: {
  kind: 'trust' | 'access' | 'bucket';
  values: GuideValues;
}): React.ReactElement {
  const o = optionsFor(values);
  const partition = COMMERCIAL_PARTITION;
  const document =
    kind === 'trust'
      ? trustPolicy({ partition, trustedAccountId: QUARTIC_ACCOUNT_ID, externalId: o.externalId })
      : kind === 'access'
        ? accessPolicy({
            partition,
            bucketName: o.bucketName,
            accessLevel: o.accessLevel,
            region: o.region,
            kmsKeyArn:
              o.encryption === 'SSE-KMS'
                ? `arn:aws:kms:${o.region}:<your-account-id>:key/<key-id>`
                : undefined,
          })
        : // The console path creates the bucket (and a key) before the role: the policy names no key, as
          // the AWS CLI path writes it, so writes may use the bucket's default encryption only.
          bucketPolicy({ partition, bucketName: o.bucketName, roleName: o.roleName });
  const title =
    kind === 'trust'
      ? 'Trust policy (who may assume the role)'
      : kind === 'access'
        ? `Inline policy ${ACCESS_POLICY_NAME}`
        : 'Bucket policy (TLS only, and guardrails for the Quartic role)';
  return (
    <CodeBlock language="json" title={title}>
      {JSON.stringify(document, null, 2)}
    </CodeBlock>
  );
}

/** The message to send Quartic (src/core/handoff.ts). */
export function HandoffSnippet(): React.ReactElement {
  return (
    <Guarded title="Message to Quartic">
      {(values) => (
        <CodeBlock language="text" title="Message to Quartic">
          {formatHandoff({
            bucket_name: values.bucketName,
            bucket_region: values.region,
            role_arn: `arn:aws:iam::<your-account-id>:role/${values.roleName}`,
          })}
        </CodeBlock>
      )}
    </Guarded>
  );
}

/** The values to type in the console, in the original guide's `Field = value` form. */
export function ConsoleValues({ kind }: { kind: 'role' | 'policy' }): React.ReactElement {
  return <Guarded title="Console values">{(values) => <ConsoleBlock kind={kind} values={values} />}</Guarded>;
}

function ConsoleBlock({
  kind,
  values,
}: {
  kind: 'role' | 'policy';
  values: GuideValues;
}): React.ReactElement {
  const o = optionsFor(values);
  const level = ACCESS_LEVEL_DEFINITIONS[o.accessLevel];
  const bucket = bucketArn(COMMERCIAL_PARTITION, o.bucketName);
  const objects = objectsArn(COMMERCIAL_PARTITION, o.bucketName);
  const text =
    kind === 'role'
      ? [
          `Account ID = ${QUARTIC_ACCOUNT_ID} (Quartic's AWS account ID)`,
          'Require external ID = Ticked',
          `External ID = ${o.externalId}`,
          'Require MFA = Unticked',
        ].join('\n')
      : o.accessLevel === 'full'
        ? [
            'Effect = Allow',
            'AWS Service = Amazon S3',
            'Actions = All Actions (s3:*)',
            `Amazon Resource Name = ${bucket}`,
            `Amazon Resource Name = ${objects}`,
          ].join('\n')
        : [
            'Effect = Allow',
            'AWS Service = Amazon S3',
            `Actions = ${level.bucketActions.map((g) => g.action).join(', ')}`,
            `Amazon Resource Name = ${bucket}`,
            '',
            'Add more permissions:',
            'Effect = Allow',
            'AWS Service = Amazon S3',
            `Actions = ${level.objectActions.map((g) => g.action).join(', ')}`,
            `Amazon Resource Name = ${objects}`,
          ].join('\n');
  return (
    <CodeBlock language="text" title={kind === 'role' ? 'Trusted entity' : 'Visual editor'}>
      {text}
    </CodeBlock>
  );
}

/** Read-only checks for the verify page. */
export function VerifySnippet(): React.ReactElement {
  return (
    <Guarded title="Verify commands">
      {(values) => (
        <CodeBlock language="bash" title="Checks (read-only)">
          {verifyCommands(values)}
        </CodeBlock>
      )}
    </Guarded>
  );
}

/** Removing the role and its policy. */
export function RevokeSnippet(): React.ReactElement {
  return (
    <Guarded title="Revoke commands">
      {(values) => (
        <CodeBlock language="bash" title="Remove Quartic's access">
          {revokeCommands(values)}
        </CodeBlock>
      )}
    </Guarded>
  );
}

/** Downloads the whole main.tf with the reader's values (built on click: no large block on the page). */
export function HclDownload(): React.ReactElement {
  const { renderable } = useGuideValues();
  if (renderable === undefined) {
    return (
      <button
        type="button"
        className="button button--secondary button--sm"
        disabled
        data-download="main.tf"
        title="Fix the values in the configurator first"
      >
        Download main.tf: fix the values in the configurator first
      </button>
    );
  }
  const values = renderable;
  const download = (): void => {
    const blob = new Blob([hclFor(hclData as HclData, values, 'all')], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'main.tf';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <button
      type="button"
      className="button button--primary button--sm"
      onClick={download}
      data-download="main.tf"
    >
      Download main.tf (steps 1 to 4)
    </button>
  );
}

/** Shows its children only for the given encryption choice. */
export function WhenEncryption({
  is,
  children,
}: {
  is: EncryptionType;
  children: React.ReactNode;
}): React.ReactElement | null {
  const { values } = useGuideValues();
  return values.encryption === is ? <>{children}</> : null;
}
