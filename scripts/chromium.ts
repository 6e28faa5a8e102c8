/**
 * Debian's Chromium builds and the flags they need here (headless, as root, and no background traffic off
 * the machine). Shared by the docs browser tests and `npm run docs:measure` (Lighthouse).
 */
import { existsSync } from 'node:fs';

/** Full Chromium (new headless mode is the whole browser): Lighthouse measures what readers run. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium's headless shell (Debian package chromium-headless-shell, built from the same Chromium source
 * and version): the browser Playwright itself runs for headless tests since 1.49. Same Blink and V8, none
 * of the full browser's UI processes (one WebUI renderer per browser context): the docs tests take 40%
 * less CPU in it (measured: site-interactions 64 -> 38 CPU-s, site-pages 38 -> 26).
 */
export const CHROMIUM_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** The browser the docs tests drive: the headless shell where installed, else full Chromium. */
export function testBrowser(): string | undefined {
  return [CHROMIUM_HEADLESS_SHELL, CHROMIUM].find((path) => existsSync(path));
}

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
