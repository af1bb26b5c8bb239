/**
 * Where the deployed stack keeps what the console reads: table and bucket names and the IAM-authenticated
 * decision URL, from the CloudFormation stack's outputs (`infra/responder-stack.ts` writes them). Read with
 * the user's credentials; a missing output is said plainly (an older stack: redeploy it).
 */
import { type CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { classifyAwsError } from "../../tools/aws-shared/errors.js";

/** The stack outputs the console needs, by the name it uses for each. */
export const CONSOLE_OUTPUTS = {
  checkpointTable: "CheckpointTableName",
  incidentTable: "IncidentTableName",
  offloadBucket: "CheckpointOffloadBucketName",
  auditBucket: "AuditBucketName",
  reportsBucket: "ReportsBucketName",
  decisionUrl: "ConsoleDecisionUrl",
} as const;

export type DeployedStores = Record<keyof typeof CONSOLE_OUTPUTS, string>;

export class ConsoleStackError extends Error {
  override name = "ConsoleStackError";
}

export async function resolveDeployedStores(
  cloudFormation: CloudFormationClient,
  stackName: string,
  region: string,
): Promise<DeployedStores> {
  let outputs: Record<string, string>;
  try {
    const res = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = res.Stacks?.[0];
    outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey ?? "", o.OutputValue ?? ""]));
  } catch (err) {
    const kind = classifyAwsError(err)?.kind;
    const why =
      kind === "access-denied"
        ? "your credentials may not describe it (the console needs cloudformation:DescribeStacks)"
        : kind === "not-found" || /does not exist/.test((err as Error).message)
          ? "no such stack: check --stack and --region (deploy with `npx cdk deploy`)"
          : (err as Error).message;
    throw new ConsoleStackError(`stack ${stackName} in ${region}: ${why}`, { cause: err });
  }
  const missing = Object.values(CONSOLE_OUTPUTS).filter((key) => !outputs[key]);
  if (missing.length > 0)
    throw new ConsoleStackError(
      `stack ${stackName} in ${region} has no output ${missing.join(", ")}: it predates \`air console --aws\`; ` +
        "redeploy it (`npx cdk deploy`)",
    );
  return Object.fromEntries(
    Object.entries(CONSOLE_OUTPUTS).map(([name, key]) => [name, outputs[key] as string]),
  ) as DeployedStores;
}
