/**
 * Reads the hand-off values out of the JSON that `cdktf output --outputs-file` writes (outputs nested
 * under the stack name and construct ids) or that `terraform output -json` prints (`{name: {value}}`).
 * Any object holding string `bucket_name`, `bucket_region` and `role_arn` counts, so the hand-off output
 * and the three single outputs both work.
 */
import { OUTPUT_IDS } from '../core/handoff';

export interface OutputValues {
  readonly bucket: string;
  readonly region: string;
  readonly roleArn: string;
}

/** `terraform output -json` wraps each value: `{sensitive, type, value}`. */
function unwrap(value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    ('type' in value || 'sensitive' in value)
  ) {
    return (value as { value: unknown }).value;
  }
  return value;
}

function collect(node: unknown, found: Map<string, OutputValues>, depth = 0): void {
  const value = unwrap(node);
  if (typeof value !== 'object' || value === null || depth > 20) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  const bucket = unwrap(record[OUTPUT_IDS.bucketName]);
  const region = unwrap(record[OUTPUT_IDS.bucketRegion]);
  const roleArn = unwrap(record[OUTPUT_IDS.roleArn]);
  if (typeof bucket === 'string' && typeof region === 'string' && typeof roleArn === 'string') {
    found.set(JSON.stringify([bucket, region, roleArn]), { bucket, region, roleArn });
  }
  for (const child of Object.values(record)) collect(child, found, depth + 1);
}

/** The one set of values in the file, or an error message saying why there is not exactly one. */
export function outputsFromJson(json: unknown): OutputValues | string {
  const found = new Map<string, OutputValues>();
  collect(json, found);
  if (found.size === 0) {
    return `has no ${OUTPUT_IDS.bucketName}, ${OUTPUT_IDS.bucketRegion} and ${OUTPUT_IDS.roleArn} outputs (write it with \`npx cdktf output --outputs-file outputs.json\` after \`npx cdktf deploy\`)`;
  }
  if (found.size > 1) {
    const buckets = [...found.values()].map((v) => v.bucket).join(', ');
    return `holds several integrations (${buckets}); pass --bucket, --region and --role-arn instead`;
  }
  return [...found.values()][0];
}
