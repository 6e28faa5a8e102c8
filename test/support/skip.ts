/**
 * Tiers that need a tool that may be absent (terraform, chromium, checkov, moto) call this when it is
 * missing: it prints a visible SKIPPED line. In CI (.ci/run sets QUARTIC_REQUIRE_ALL_TIERS=1) every tool
 * is installed, so a skip there is a failure instead of a silent pass.
 */
export function reportSkip(tier: string, reason: string): void {
  const line = `SKIPPED: ${tier} (${reason})`;
  if (process.env.QUARTIC_REQUIRE_ALL_TIERS === '1') {
    throw new Error(`${line}, but QUARTIC_REQUIRE_ALL_TIERS=1 requires every tier to run`);
  }
  console.log(line);
}

/**
 * A tier's tests, or, when the tool it needs is missing (`unavailable` says why), one test that reports the
 * skip. `title` names the describe block (default: the tier).
 */
export function describeTier(
  tier: string,
  unavailable: string | undefined,
  body: () => void,
  title: string = tier,
): void {
  if (unavailable !== undefined) test(tier, () => reportSkip(tier, unavailable));
  else describe(title, body);
}
