/**
 * The construct framework this build of the library is for. `lib/` is built for CDKTF from this file;
 * `scripts/build-cdktn.ts` writes `lib-cdktn/framework-name.js` (and `.d.ts`) for CDK Terrain from its own
 * data instead of compiling this one, so nothing here is ever rewritten.
 */
export const FRAMEWORK: 'cdktf' | 'cdktn' = 'cdktf';
