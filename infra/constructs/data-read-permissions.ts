/**
 * Read-only descriptions of the data and configuration resources (`tools/aws/resources/{dynamodb,sqs,rds,
 * parameters}.ts`): one statement per service, each on resources carrying the managed tag only. A resource
 * the responder may not change is one it does not describe (the adapter maps the denial to "not found").
 */
import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { ResponderConfig } from "../config.js";

const arn = (service: string, rest: string) =>
  `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${rest}`;

export function dataReadStatements(config: ResponderConfig): iam.PolicyStatement[] {
  const conditions = { StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue } };
  const read = (sid: string, actions: string[], resource: string) =>
    new iam.PolicyStatement({ sid, actions, resources: [resource], conditions });
  return [
    read(
      "ReadManagedTables",
      ["dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"],
      arn("dynamodb", "table/*"),
    ),
    read(
      "ReadManagedQueues",
      ["sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ListQueueTags", "sqs:ListDeadLetterSourceQueues"],
      arn("sqs", "*"),
    ),
    read("ReadManagedDbInstances", ["rds:DescribeDBInstances"], arn("rds", "db:*")),
    read("ReadManagedParameterTags", ["ssm:ListTagsForResource"], arn("ssm", "parameter/*")),
  ];
}
