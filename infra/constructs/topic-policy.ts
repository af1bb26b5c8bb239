/**
 * `enforceSSL` gives a topic a policy of its own holding only a Deny (no plain-HTTP publishing), which
 * replaces SNS's default policy: nothing else may publish unless allowed here. CloudWatch alarms in this
 * account must be able to notify both topics (alarm actions to intake, self-alarms to people).
 */
import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as sns from "aws-cdk-lib/aws-sns";

export function allowCloudWatchAlarms(topic: sns.Topic): void {
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchAlarmsPublish",
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["sns:Publish"],
      resources: [topic.topicArn],
      // Confused-deputy guard: only alarms of this account.
      conditions: {
        StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
        ArnLike: {
          "aws:SourceArn": `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
        },
      },
    }),
  );
}
