/** What the browser bundle gets for `prism-react-renderer` (see no-client-highlighter.ts). */
export const Prism = { languages: {} };
export const themes = {};
export function Highlight(): never {
  throw new Error('prism-react-renderer is not bundled: code blocks are not highlighted in the browser');
}
