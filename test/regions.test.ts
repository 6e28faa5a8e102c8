import { readSdkPartitions } from '../scripts/sdk-partitions';
import partitions from '../src/core/generated/partitions.json';
import { COMMERCIAL_REGIONS, DEFAULT_ENABLED_REGIONS, regionInfo } from '../src';

describe('regions', () => {
  test('the checked-in partition data matches the installed AWS SDK (run npm run generate:partitions)', () => {
    expect(partitions).toEqual(JSON.parse(JSON.stringify(readSdkPartitions())));
  });

  test('commercial regions come from the SDK data and include the default-enabled ones', () => {
    expect(COMMERCIAL_REGIONS.length).toBeGreaterThanOrEqual(30);
    for (const region of DEFAULT_ENABLED_REGIONS) expect(COMMERCIAL_REGIONS).toContain(region);
  });

  test.each([
    ['eu-west-2', 'aws', false],
    ['us-east-1', 'aws', false],
    ['af-south-1', 'aws', true],
    ['ap-southeast-7', 'aws', true],
    ['cn-north-1', 'aws-cn', false],
    ['us-gov-west-1', 'aws-us-gov', false],
    ['eusc-de-east-1', 'aws-eusc', false],
    ['mars-east-1', undefined, false],
  ])('%s is in partition %s (opt-in: %s)', (region, partition, optIn) => {
    expect(regionInfo(region)).toMatchObject({ partition, optIn });
  });
});
