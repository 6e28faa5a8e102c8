/**
 * Debian's Chromium and the flags it needs here (headless, as root, and no background traffic off the
 * machine). Shared by the docs browser tests and `npm run docs:measure` (Lighthouse).
 */
export const CHROMIUM = '/usr/bin/chromium';

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
