/**
 * The check both set-up tiers (consumer, Python) make of their install logs. The set-up (scripts/consumers.ts,
 * runLogged) writes each command's stdout and stderr to its log in the order they were printed, between lines
 * of its own that start with LOG_MARK; npm and pip print their warnings to stderr, so they are in the log.
 */
import { LOG_MARK } from '../../scripts/consumers';

/**
 * A line that is a warning or an error: npm's `npm warn` / `npm WARN` / `npm ERR!` / `npm error` (ERESOLVE,
 * peer dependencies, EBADENGINE, deprecated packages, install scripts, ...), pip's `WARNING:`, `ERROR:` and
 * `DEPRECATION:`, and any other line naming a warning, ERESOLVE, EBADENGINE or a peer dependency.
 */
const PROBLEM =
  /^npm (warn|ERR!|error)(\s|$)|^(WARNING|ERROR|DEPRECATION):|\bwarn(ing)?\b|ERESOLVE|EBADENGINE|peer dep/i;

/**
 * The one warning outside the kit's control, allowed line by line (also in the README's Python section).
 * This machine's user pip configuration (~/.config/pip/pip.conf) adds two local package indexes,
 * `extra-index-url = file:///opt/pypi/simple file:///opt/pypi-more/simple`, which hold no folder for most
 * of the Python tier's packages; pip then warns, once per index and package it looked up, that the location
 * is ignored, and installs the package from the other sources. The set-up does not override a machine's pip
 * configuration (a team's own mirror is a legitimate setting), so exactly these lines are allowed: each
 * index named there with each distribution the tier's virtualenv holds (requirements-python-tier.txt and
 * their dependencies). Any other index, package or wording fails the check.
 */
const MACHINE_PIP_INDEXES = ['file:///opt/pypi/simple', 'file:///opt/pypi-more/simple'];
const PYTHON_TIER_DISTRIBUTIONS = [
  'cdktf',
  'cdktf-cdktf-provider-aws',
  'constructs',
  'jsii',
  'publication',
  'typeguard',
  'attrs',
  'cattrs',
  'python-dateutil',
  'typing-extensions',
  'tzdata',
];
const MACHINE_PIP_REASON =
  "this machine's ~/.config/pip/pip.conf names a local index that lacks the package; not the kit's to change";

/** Lines outside the kit's control that are allowed, each exactly as printed, with the reason. */
export const ALLOWED_LINES: ReadonlyMap<string, string> = new Map(
  MACHINE_PIP_INDEXES.flatMap((index) =>
    PYTHON_TIER_DISTRIBUTIONS.map(
      (name) =>
        [
          `WARNING: Location '${index}/${name}/' is ignored: it is neither a file nor a directory.`,
          MACHINE_PIP_REASON,
        ] as const,
    ),
  ),
);

/** The set-up's own lines: each command's opening (its label, which may hold `--loglevel warn`) and exit. */
const ownLine = (line: string): boolean => line.startsWith(`${LOG_MARK} `);

/** Every line of `log` that is a warning or an error and is not exactly allowed. */
export function installProblems(log: string): string[] {
  return log.split('\n').filter((line) => !ownLine(line) && PROBLEM.test(line) && !ALLOWED_LINES.has(line));
}
