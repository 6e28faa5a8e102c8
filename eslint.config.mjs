// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const providerRootBan = {
  name: '@cdktf/provider-aws',
  message:
    'Import per resource (e.g. @cdktf/provider-aws/lib/s3-bucket): the package root costs ~10x synth time and ~8x memory.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'lib/**',
      'lib-cdktn/**',
      'build/**',
      'cdktf.out/**',
      'docs-site/**',
      'test-artifacts/**',
      '.venv/**',
      'coverage/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [providerRootBan] }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The pure core (src/core/) is bundled into the docs site for the browser: no cdktf, no Node built-ins.
    // Guarded by folder, so a new module there is guarded without being listed.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [providerRootBan, { name: 'cdktf', message: 'Pure module: must not import cdktf.' }],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process'],
              message: 'Pure module: no Node built-ins.',
            },
            { group: ['@cdktf/*', 'constructs'], message: 'Pure module: must not import cdktf.' },
          ],
        },
      ],
    },
  },
);
