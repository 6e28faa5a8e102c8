import { readFileSync } from 'node:fs';
import {
  configTable,
  normalizeTable,
  outputsTable,
  README,
  readmeOutputsTable,
  readmeStateTable,
  readmeTable,
  stateTable,
} from '../scripts/readme-tables';

describe('README', () => {
  const readme = readFileSync(README, 'utf8');

  test('the configuration table matches the option registry, src/core/option-registry.ts (run npm run readme)', () => {
    expect(readmeTable(readme)).toBe(normalizeTable(configTable()));
  });

  test('the outputs table matches src/core/handoff.ts (run npm run readme)', () => {
    expect(readmeOutputsTable(readme)).toBe(normalizeTable(outputsTable()));
  });

  test('the state table matches examples/state.ts (run npm run readme)', () => {
    expect(readmeStateTable(readme)).toBe(normalizeTable(stateTable()));
  });

  test('starts with exactly the two commands: install-and-run, then the whole test suite', () => {
    const firstBlock = /```(?:bash|sh)?\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(firstBlock?.trim().split('\n')).toEqual(['npm ci && npm run synth', 'npm test']);
  });

  test('.ci/run runs the same test command', () => {
    expect(readFileSync(`${__dirname}/../.ci/run`, 'utf8')).toMatch(/^npm test$/m);
  });
});
