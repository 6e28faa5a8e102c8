/**
 * Runs first when the package is loaded: a project on CDK Terrain that imports the CDKTF entry (or the
 * other way round) gets a message naming the right entry, instead of `Cannot find module 'cdktf'`.
 */
import { FRAMEWORK } from './framework-name';

type Framework = 'cdktf' | 'cdktn';

/** What each build of the library needs, and how a project imports it. */
export const FRAMEWORKS: Readonly<Record<Framework, { label: string; provider: string; entry: string }>> = {
  cdktf: { label: 'CDKTF', provider: '@cdktf/provider-aws', entry: '@quartic/s3-integration' },
  cdktn: { label: 'CDK Terrain', provider: '@cdktn/provider-aws', entry: '@quartic/s3-integration/cdktn' },
};

/** Whether `name` resolves from this package's location, as the library's own imports would. */
function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The error for a project that lacks the framework (or its AWS bindings) this entry needs, or undefined when
 * both resolve. `has` is injectable for tests.
 */
export function frameworkProblem(
  framework: Framework,
  has: (name: string) => boolean = installed,
): string | undefined {
  const wanted = FRAMEWORKS[framework];
  const missing = [framework, wanted.provider].filter((name) => !has(name));
  if (missing.length === 0) return undefined;
  const other: Framework = framework === 'cdktf' ? 'cdktn' : 'cdktf';
  const alternative = FRAMEWORKS[other];
  if (has(other) && has(alternative.provider)) {
    return (
      `${wanted.entry} is the ${wanted.label} (${framework}) build, but this project uses ${alternative.label} ` +
      `(${other} and ${alternative.provider} are installed, ${missing.join(' and ')} not): import ` +
      `'${alternative.entry}' instead.`
    );
  }
  return (
    `${wanted.entry} needs ${framework}, ${wanted.provider} and constructs, but ${missing.join(' and ')} ` +
    `cannot be found: npm install ${framework} ${wanted.provider} constructs (or, on ${alternative.label}, ` +
    `import '${alternative.entry}').`
  );
}

const problem = frameworkProblem(FRAMEWORK);
if (problem !== undefined) throw new Error(problem);
