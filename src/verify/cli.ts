#!/usr/bin/env node
/** The `quartic-s3` bin: `quartic-s3 verify [options]`; see `quartic-s3 --help`. */
import { main } from './main';

// The SDK warns on Node 20 about its own future releases; that is noise in a one-shot check's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `quartic-s3 verify --help | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
