import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

const sidebars: SidebarsConfig = {
  guide: [
    'overview',
    'before-you-begin',
    {
      type: 'category',
      label: 'Setup steps',
      collapsible: false,
      items: ['step-1-bucket', 'step-2-role', 'step-3-policy', 'step-4-handoff'],
    },
    'verify',
    'troubleshooting',
    'security-model',
    'reference',
    'cdktf-future',
  ],
};

export default sidebars;
