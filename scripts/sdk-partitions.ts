import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PartitionData {
  /** Where the data came from (package and version), for reviewers. */
  readonly source: string;
  readonly partitions: ReadonlyArray<{
    readonly id: string;
    readonly regionRegex: string;
    readonly regions: readonly string[];
  }>;
}

/**
 * Reads the partition table that ships inside @aws-sdk/core (the data behind the SDK's endpoint
 * resolution). The file is not exported, so it is located on disk and parsed as the object literal it is.
 */
export function readSdkPartitions(): PartitionData {
  const pkgJson = require.resolve('@aws-sdk/core/package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const file = join(dirname(pkgJson), 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const text = readFileSync(file, 'utf8');
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  const info = JSON.parse(json) as {
    partitions: Array<{ id: string; regionRegex: string; regions: Record<string, unknown> }>;
  };
  return {
    source: `@aws-sdk/core@${version} (util-endpoints partitions)`,
    partitions: info.partitions.map((p) => ({
      id: p.id,
      regionRegex: p.regionRegex,
      // The SDK lists pseudo-regions such as "aws-global"; keep only real region codes.
      regions: Object.keys(p.regions)
        .filter((r) => new RegExp(p.regionRegex).test(r))
        .sort(),
    })),
  };
}
