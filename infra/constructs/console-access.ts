/**
 * `air console --aws`: where the console decides, and what a console user may do.
 *
 * The decision URL is a second function URL on the approval function (through a `console` alias: a function
 * has one URL per qualifier) with `AuthType: AWS_IAM`. Lambda verifies the caller's SigV4 signature and puts
 * the principal in the request context; the function maps it to `iam:<ARN>`, checks the approver list and
 * resumes through the same signed path as every other route. No one outside the account is granted anything:
 * callers need `lambda:InvokeFunctionUrl` on the alias in their own policy — `ConsoleUserPolicy` below, which
 * operators attach to the on-call role, also lets them read the stores the console shows.
 */
import { Annotations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { DataResources } from "./data-access.js";

export interface ConsoleAccessProps {
  approval: lambda.Function;
  data: DataResources;
}

export class ConsoleAccess extends Construct {
  readonly alias: lambda.Alias;
  readonly url: lambda.FunctionUrl;
  readonly userPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ConsoleAccessProps) {
    super(scope, id);
    const { data } = props;
    this.alias = new lambda.Alias(this, "ConsoleAlias", {
      aliasName: "console",
      version: props.approval.currentVersion,
      description: "air approval function, reached by air console --aws (IAM-authenticated URL)",
    });
    // The public URL's permission is on the unqualified function on purpose (it serves $LATEST); the console
    // URL carries its own permission on the alias. CDK warns about the first once a version exists.
    Annotations.of(props.approval).acknowledgeWarning(
      "@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias",
      "the public approval URL invokes the unqualified function; the console alias has its own URL and permission",
    );
    this.url = this.alias.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.AWS_IAM,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });
    const { tables, buckets } = data;
    this.userPolicy = new iam.ManagedPolicy(this, "ConsoleUserPolicy", {
      description: "air console --aws: read incidents, checkpoints, audit and reports; decide as yourself",
      statements: [
        new iam.PolicyStatement({
          sid: "Decide",
          actions: ["lambda:InvokeFunctionUrl"],
          resources: [this.alias.functionArn],
          conditions: { StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" } },
        }),
        new iam.PolicyStatement({
          sid: "ReadIncidentsAndCheckpoints",
          actions: ["dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem"],
          resources: [tables.incidents.tableArn, tables.checkpoints.tableArn],
        }),
        new iam.PolicyStatement({
          sid: "ListAuditReportsOffload",
          actions: ["s3:ListBucket"],
          resources: [buckets.audit.bucketArn, buckets.reports.bucketArn, buckets.offload.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: "ReadAuditReportsOffload",
          actions: ["s3:GetObject"],
          resources: [buckets.audit, buckets.reports, buckets.offload].map((b) => b.arnForObjects("*")),
        }),
        new iam.PolicyStatement({
          sid: "DecryptData",
          actions: ["kms:Decrypt"],
          resources: [data.dataKey.keyArn],
        }),
      ],
    });
  }
}
