/** Role ARNs: `arn:<partition>:iam::<account>:role/<optional/path/><name>`. */

export interface RoleArnParts {
  readonly partition: string;
  readonly accountId: string;
  readonly roleName: string;
}

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const match = ROLE_ARN.exec(arn);
  if (match === null) return undefined;
  return { partition: match[1], accountId: match[2], roleName: match[3] };
}
