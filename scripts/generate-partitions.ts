/**
 * Copies the AWS SDK's partition data (which region belongs to which partition) into
 * src/core/generated/partitions.json, so the pure regions module can use it in Node and in the browser.
 * Run `npm run generate:partitions` after upgrading the AWS SDK; test/regions.test.ts fails on drift.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSdkPartitions } from './sdk-partitions';

const target = join(__dirname, '..', 'src', 'core', 'generated', 'partitions.json');
writeFileSync(target, JSON.stringify(readSdkPartitions(), null, 2) + '\n');
console.log(`wrote ${target}`);
