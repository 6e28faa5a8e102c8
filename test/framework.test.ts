import { frameworkProblem } from '../src/framework-guard';
import { mapSpecifiers } from '../scripts/build-cdktn';

describe('the framework guard', () => {
  const installed =
    (...names: string[]) =>
    (name: string) =>
      names.includes(name);

  test.each([
    ['cdktf', ['cdktf', '@cdktf/provider-aws'], undefined],
    ['cdktn', ['cdktn', '@cdktn/provider-aws'], undefined],
    [
      'cdktf',
      ['cdktn', '@cdktn/provider-aws'],
      "@quartic/s3-integration is the CDKTF (cdktf) build, but this project uses CDK Terrain (cdktn and @cdktn/provider-aws are installed, cdktf and @cdktf/provider-aws not): import '@quartic/s3-integration/cdktn' instead.",
    ],
    [
      'cdktn',
      ['cdktf', '@cdktf/provider-aws'],
      "@quartic/s3-integration/cdktn is the CDK Terrain (cdktn) build, but this project uses CDKTF (cdktf and @cdktf/provider-aws are installed, cdktn and @cdktn/provider-aws not): import '@quartic/s3-integration' instead.",
    ],
    [
      'cdktf',
      ['cdktf'],
      "@quartic/s3-integration needs cdktf, @cdktf/provider-aws and constructs, but @cdktf/provider-aws cannot be found: npm install cdktf @cdktf/provider-aws constructs (or, on CDK Terrain, import '@quartic/s3-integration/cdktn').",
    ],
    [
      'cdktn',
      [],
      "@quartic/s3-integration/cdktn needs cdktn, @cdktn/provider-aws and constructs, but cdktn and @cdktn/provider-aws cannot be found: npm install cdktn @cdktn/provider-aws constructs (or, on CDKTF, import '@quartic/s3-integration').",
    ],
  ] as const)('entry %s with %j installed', (framework, names, message) => {
    expect(frameworkProblem(framework, installed(...names))).toBe(message);
  });

  test('this checkout (CDKTF) passes its own guard', () => {
    expect(frameworkProblem('cdktf')).toBeUndefined();
  });
});

describe('lib-cdktn module specifiers', () => {
  test('maps the framework and its provider bindings in every form tsc emits, keeping subpaths', () => {
    const compiled = [
      'const cdktf_1 = require("cdktf");',
      'const s3_bucket_1 = require("@cdktf/provider-aws/lib/s3-bucket");',
      "import { AwsProvider } from '@cdktf/provider-aws/lib/provider';",
      'import { Token } from "cdktf";',
      'readonly role: import("@cdktf/provider-aws/lib/iam-role").IamRole;',
      "import 'cdktf/lib/testing/adapters/jest';",
    ].join('\n');
    expect(mapSpecifiers(compiled).split('\n')).toEqual([
      'const cdktf_1 = require("cdktn");',
      'const s3_bucket_1 = require("@cdktn/provider-aws/lib/s3-bucket");',
      "import { AwsProvider } from '@cdktn/provider-aws/lib/provider';",
      'import { Token } from "cdktn";',
      'readonly role: import("@cdktn/provider-aws/lib/iam-role").IamRole;',
      "import 'cdktn/lib/testing/adapters/jest';",
    ]);
  });

  test('leaves other modules and strings that merely mention cdktf alone', () => {
    const compiled = [
      'const constructs_1 = require("constructs");',
      'const x = require("cdktf-cli");',
      'const y = require("@cdktf/provider-google/lib/x");',
      "const label = { cdktf: 'CDKTF', provider: '@cdktf/provider-aws' };",
    ].join('\n');
    expect(mapSpecifiers(compiled)).toBe(compiled);
  });
});
