import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes, type PrismTheme } from 'prism-react-renderer';

/** A Prism theme with some token colours replaced (each pair passes WCAG AA on the theme background). */
function withColors(theme: PrismTheme, colors: Record<string, string>): PrismTheme {
  return {
    ...theme,
    styles: [
      ...theme.styles,
      ...Object.entries(colors).map(([type, color]) => ({ types: [type], style: { color } })),
    ],
  };
}

const config: Config = {
  title: 'Quartic S3 integration',
  tagline: 'Give Quartic access to one S3 bucket in your AWS account, without sharing credentials.',
  favicon: 'img/favicon.svg',
  url: 'https://docs.quartic.example',
  baseUrl: '/',
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  future: { v4: true },
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' } },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          showLastUpdateTime: false,
        },
        blog: false,
        pages: false,
        theme: { customCss: './src/css/custom.css' },
        sitemap: { lastmod: null, changefreq: null, priority: null },
      } satisfies Preset.Options,
    ],
  ],
  plugins: ['./src/plugins/no-client-highlighter.ts'],
  themes: [
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
        searchBarShortcutHint: false,
      },
    ],
  ],
  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Quartic S3 integration',
      logo: { alt: 'Quartic', src: 'img/favicon.svg', width: 28, height: 28 },
      items: [
        { type: 'docSidebar', sidebarId: 'guide', position: 'left', label: 'Setup guide' },
        { to: '/reference', label: 'Reference', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'Quartic S3 integration kit. Apache-2.0.',
    },
    prism: {
      theme: withColors(prismThemes.vsLight, { 'attr-name': '#b00000', property: '#0451a5' }),
      darkTheme: withColors(prismThemes.vsDark, { constant: '#b8b8f0', prolog: '#9a9ae0' }),
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
