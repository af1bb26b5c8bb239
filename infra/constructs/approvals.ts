/**
 * The human loop: the approval signing secret, the encrypted topic that carries approval requests,
 * escalations and the responder's own alarms, the approval link (a function URL) and the sweeper schedule.
 */
import { Aws, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { ResponderConfig } from "../config.js";
import { allowCloudWatchAlarms } from "./topic-policy.js";

export interface ApprovalsProps {
  config: ResponderConfig;
}

export class Approvals extends Construct {
  /**
   * HMAC key for approval tokens (64 random characters); tokens carry their own expiry and nonce. Encrypted
   * with the AWS-managed Secrets Manager key: a customer key would need a key-policy grant to the service
   * with wildcard KMS actions, for no extra control over a secret only this stack reads.
   */
  readonly signingSecret: secretsmanager.Secret;
  /** Encrypts the SNS topics; CloudWatch may use it to publish alarm notifications. */
  readonly notificationsKey: kms.Key;
  /** Approval requests, escalations and the responder's own alarms, for people (email, chat). */
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: ApprovalsProps) {
    super(scope, id);
    this.signingSecret = new secretsmanager.Secret(this, "SigningSecret", {
      description: "air: HMAC key that signs approval links",
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.signingSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "rotating the HMAC key invalidates every outstanding approval link; links expire within hours, so the " +
        "key is rotated by hand in a quiet window (infra/README.md, 'Rotating the signing secret')",
    });

    this.notificationsKey = new kms.Key(this, "NotificationsKey", {
      description: "air: approval, escalation and self-alarm topics",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to encrypted topics only if the key lets the service use it.
    this.notificationsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudWatchAlarmsPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );

    this.topic = new sns.Topic(this, "NotificationsTopic", {
      displayName: "air: approvals and escalations",
      masterKey: this.notificationsKey,
      enforceSSL: true,
    });
    allowCloudWatchAlarms(this.topic);
    for (const email of props.config.notificationEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }

  /**
   * The approval link and the sweeper schedule.
   *
   * The function URL uses auth type NONE on purpose: the link is opened from email or chat by a person with
   * no AWS credentials, so IAM auth cannot apply. The signed token is the authentication — HMAC-signed with
   * the secret above, expiring, bound to the incident, the exact action and a hash of its arguments, checked
   * against the allowed approvers and consumed once (conditional write in the approvals table). GET only
   * renders the form (mail scanners prefetch links); only a POST with a valid token decides anything.
   */
  expose(
    approval: lambda.IFunction,
    sweeper: lambda.IFunction,
    config: ResponderConfig,
  ): { url: lambda.FunctionUrl; sweep: events.Rule } {
    const url = new lambda.FunctionUrl(this, "ApprovalUrl", {
      function: approval,
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });
    const interval = Duration.minutes(config.sweepIntervalMinutes);
    const sweep = new events.Rule(this, "SweepSchedule", {
      description: "air: escalate approvals that waited too long",
      schedule: events.Schedule.rate(interval),
      // A missed sweep is redone by the next one; retries stop before the next tick.
      targets: [new targets.LambdaFunction(sweeper, { retryAttempts: 2, maxEventAge: interval })],
    });
    return { url, sweep };
  }
}
