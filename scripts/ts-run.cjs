// Transpile-only TypeScript loader for the example app (`node --require ./scripts/ts-run.cjs examples/main.ts`).
// Why not tsx or @swc-node/register: measured here, they add ~0.6-0.8 s of start-up to every synth. This hook
// uses @swc/core (already the test transformer) and caches its output by file path, size and mtime in
// node_modules/.cache, so a repeated synth does not even load the compiler. No type checking here:
// `npm run typecheck` does that.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const cacheDir = join(__dirname, '..', 'node_modules', '.cache', 'quartic-ts-run');
const options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
};
let swc; // loaded on the first cache miss only

function transpile(filename) {
  const { size, mtimeMs } = statSync(filename);
  const key = createHash('sha1').update(`${filename}:${size}:${mtimeMs}`).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    swc ??= require('@swc/core');
    const code = swc.transformFileSync(filename, options).code;
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: parallel processes (jest workers, child processes) never read a half-written file.
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
    return code;
  }
}

require.extensions['.ts'] = (module, filename) => module._compile(transpile(filename), filename);
