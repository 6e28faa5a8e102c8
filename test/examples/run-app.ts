/** What a test of the example app sees: its own output directory and what it printed, reset per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AppRun {
  /** The CDKTF_OUTDIR of the current test. */
  outdir: string;
  /** console.log lines. */
  out: string[];
  /** console.warn and console.error lines, in order. */
  err: string[];
}

/** Registers beforeEach / afterEach hooks that give every test a fresh output directory and console capture. */
export function captureAppRuns(prefix: string): AppRun {
  const run: AppRun = { outdir: '', out: [], err: [] };
  beforeEach(() => {
    run.outdir = mkdtempSync(join(tmpdir(), prefix));
    run.out = [];
    run.err = [];
    jest.spyOn(console, 'log').mockImplementation((m: string) => void run.out.push(m));
    jest.spyOn(console, 'warn').mockImplementation((m: string) => void run.err.push(m));
    jest.spyOn(console, 'error').mockImplementation((m: string) => void run.err.push(m));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(run.outdir, { recursive: true, force: true });
  });
  return run;
}
