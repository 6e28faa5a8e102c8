/**
 * Keeps prism-react-renderer out of the browser bundle. theme-classic always registers a client module
 * that imports it (to hand Prism to `prism-include-languages`), so swizzling the code block alone still
 * shipped the library and its ~50 languages. The bundler resolves the package to a stub instead; Node
 * (docusaurus.config.ts reading the colour themes) still gets the real package.
 */
import path from 'node:path';
import type { Plugin } from '@docusaurus/types';

export default function noClientHighlighter(): Plugin {
  return {
    name: 'no-client-highlighter',
    configureWebpack() {
      // Server and client builds alike, so the server-rendered blocks match what hydrates.
      return {
        resolve: {
          alias: { 'prism-react-renderer$': path.resolve(__dirname, 'prism-stub.ts') },
        },
      };
    },
  };
}
