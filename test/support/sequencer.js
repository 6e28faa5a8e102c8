// Starts the slowest test files first, whatever jest's duration cache holds (a fresh CI clone has none, and
// jest then orders by file size, which started the browser tiers last and left the cores idle at the end).
const Sequencer = require('@jest/test-sequencer').default;

// The longest chain first; then the Terraform tier, whose two lanes want both cores and which ran last
// (and alone) when it started after the docs files; the e2e tier; the page sweep, which on a fresh clone
// would otherwise hold a worker while the docs site builds.
const SLOWEST_FIRST = [
  'docs/site-interactions',
  'terraform/terraform',
  'e2e/deploy-and-verify',
  'e2e/transitions',
  'e2e/remote-state',
  'consumer/consumer',
  'python/python',
  'docs/site-pages',
  'static',
  'checkov/checkov',
  'docs/generators',
  'corpus/corpus',
];

const rank = (path) => {
  const index = SLOWEST_FIRST.findIndex((name) => path.replace(/\\/g, '/').endsWith(`/test/${name}.test.ts`));
  return index < 0 ? SLOWEST_FIRST.length : index;
};

class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = SlowestFirstSequencer;
