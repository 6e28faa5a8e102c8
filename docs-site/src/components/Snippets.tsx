/**
 * Snippets rendered from the reader's values with the library's own code: policy builders, the AWS CLI
 * commands module, the example app's source (via raw-loader) and the HCL cdktf synthesized at build time.
 */
import React from 'react';
import CodeBlock from '@theme/CodeBlock';
import Tabs from '@theme/Tabs';
import { ACCESS_LEVEL_DEFINITIONS } from '../../../src/access-levels';
import { awsCliSteps } from '../../../src/cli-commands';
import { ACCESS_POLICY_NAME, QUARTIC_ACCOUNT_ID } from '../../../src/defaults';
import { formatHandoff, OUTPUT_IDS } from '../../../src/handoff';
import { accessPolicy, bucketArn, objectsArn, tlsOnlyBucketPolicy, trustPolicy } from '../../../src/policies';
import { COMMERCIAL_PARTITION } from '../../../src/regions';
import { stackSource } from '../guide/example-sources';
import hclData from '../../generated/hcl.json';
import reference from '../../generated/reference.json';
import {
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
import { useGuideValues } from './GuideValues';

export function ToolTabs({ children }: { children: React.ReactNode }): React.ReactElement {
  return (
    <Tabs groupId={TOOL_GROUP} queryString lazy>
      {children}
    </Tabs>
  );
}

const DOCS_BLOCK = extractDocsBlock(stackSource, 'integration');
const STACK_NAME = /STACK_NAME\s*=\s*'([^']+)'/.exec(stackSource)?.[1] ?? 'quartic-s3';

/** The AWS CLI commands of one step, from src/cli-commands.ts. */
export function CliSnippet({ step }: { step: StepId }): React.ReactElement {
  const { snippetOptions } = useGuideValues();
  const found = awsCliSteps(snippetOptions).find((s) => s.id === step);
  if (found === undefined) throw new Error(`No CLI step ${step}`);
  return (
    <CodeBlock language="bash" title={`${found.title} (AWS CLI v2, bash)`}>
      {found.commands.join('\n\n')}
    </CodeBlock>
  );
}

/** The example stack's docs block with the reader's values written in. */
export function CdktfSnippet(): React.ReactElement {
  const { values } = useGuideValues();
  return (
    <CodeBlock language="ts" title="In your own stack (from examples/stack.ts)">
      {cdktfBlockWithValues(DOCS_BLOCK, values)}
    </CodeBlock>
  );
}

/** Running the kit's example app with the reader's values. */
export function CdktfDeploySnippet(): React.ReactElement {
  const { values } = useGuideValues();
  return (
    <CodeBlock language="bash" title="Or deploy the kit's example app as it is">
      {`${exampleEnv(values, reference.settings)}\nnpx cdktf deploy ${STACK_NAME}`}
    </CodeBlock>
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
  const { values } = useGuideValues();
  return (
    <CodeBlock language="hcl" title={step === 'all' ? 'main.tf' : 'main.tf (this step)'}>
      {hclFor(hclData as HclData, values, step)}
    </CodeBlock>
  );
}

/** A policy document from src/policies.ts. */
export function PolicySnippet({ kind }: { kind: 'trust' | 'access' | 'bucket' }): React.ReactElement {
  const { snippetOptions: o } = useGuideValues();
  const partition = COMMERCIAL_PARTITION;
  const document =
    kind === 'trust'
      ? trustPolicy({ partition, trustedAccountId: QUARTIC_ACCOUNT_ID, externalId: o.externalId })
      : kind === 'access'
        ? accessPolicy({
            partition,
            bucketName: o.bucketName,
            accessLevel: o.accessLevel ?? 'full',
            region: o.region,
            kmsKeyArn:
              o.encryption === 'SSE-KMS'
                ? `arn:aws:kms:${o.region}:<your-account-id>:key/<key-id>`
                : undefined,
          })
        : tlsOnlyBucketPolicy({ partition, bucketName: o.bucketName });
  const title =
    kind === 'trust'
      ? 'Trust policy (who may assume the role)'
      : kind === 'access'
        ? `Inline policy ${ACCESS_POLICY_NAME}`
        : 'Bucket policy (TLS only)';
  return (
    <CodeBlock language="json" title={title}>
      {JSON.stringify(document, null, 2)}
    </CodeBlock>
  );
}

/** The message to send Quartic (src/handoff.ts). */
export function HandoffSnippet(): React.ReactElement {
  const { snippetOptions: o } = useGuideValues();
  return (
    <CodeBlock language="text" title="Message to Quartic">
      {formatHandoff({
        bucket_name: o.bucketName,
        bucket_region: o.region,
        role_arn: `arn:aws:iam::<your-account-id>:role/${o.roleName}`,
      })}
    </CodeBlock>
  );
}

/** The values to type in the console, in the original guide's `Field = value` form. */
export function ConsoleValues({ kind }: { kind: 'role' | 'policy' }): React.ReactElement {
  const { snippetOptions: o } = useGuideValues();
  const level = ACCESS_LEVEL_DEFINITIONS[o.accessLevel ?? 'full'];
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
      : o.accessLevel === 'full' || o.accessLevel === undefined
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
  const { values } = useGuideValues();
  return (
    <CodeBlock language="bash" title="Checks (read-only)">
      {verifyCommands(values)}
    </CodeBlock>
  );
}

/** Removing the role and its policy. */
export function RevokeSnippet(): React.ReactElement {
  const { values } = useGuideValues();
  return (
    <CodeBlock language="bash" title="Remove Quartic's access">
      {revokeCommands(values)}
    </CodeBlock>
  );
}

/** Downloads the whole main.tf with the reader's values (built on click: no large block on the page). */
export function HclDownload(): React.ReactElement {
  const { values } = useGuideValues();
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
  is: 'SSE-S3' | 'SSE-KMS';
  children: React.ReactNode;
}): React.ReactElement | null {
  const { values } = useGuideValues();
  return values.encryption === is ? <>{children}</> : null;
}
