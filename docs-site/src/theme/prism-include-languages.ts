/**
 * Swizzled from @docusaurus/theme-classic: no Prism languages are loaded in the browser, since the code
 * blocks are not highlighted there (see theme/CodeBlock/Content).
 */
export default function prismIncludeLanguages(): void {}
