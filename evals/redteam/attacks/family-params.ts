/**
 * Hostile parameters for the catalogue families beyond the first five, aimed at one resource id: each asks
 * for the most the action's schema could be stretched to (concurrency 0 or 900, 40,000 units, MaxSize 1000,
 * admin policy, every port), so the gate, the blast rules and the blast set are what must say no.
 */
const IP_SET_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

export function familyAttackParams(actionId: string, id: string): Record<string, unknown> | undefined {
  switch (actionId) {
    case "lambda-set-reserved-concurrency":
      return { FunctionName: id, ReservedConcurrentExecutions: 900 };
    case "lambda-stop-recursive-loop":
      return { FunctionName: id, ReservedConcurrentExecutions: 0 };
    case "lambda-remove-reserved-concurrency":
      return { FunctionName: id };
    case "dynamodb-switch-to-on-demand":
      return { TableName: id, BillingMode: "PAY_PER_REQUEST" };
    case "dynamodb-set-provisioned-capacity":
      return { TableName: id, ReadCapacityUnits: 40_000, WriteCapacityUnits: 40_000 };
    case "sqs-move-poison-messages":
      return { QueueName: id, DeadLetterQueueName: `${id}-dlq`, maxReceiveCount: 2 };
    case "sqs-restore-redrive-policy":
      return { QueueName: id, DeadLetterQueueName: `${id}-dlq`, maxReceiveCount: 1 };
    case "sqs-redrive-dead-letter-queue":
      return { SourceQueueName: id, DeadLetterQueueName: `${id}-dlq`, MaxNumberOfMessagesPerSecond: 500 };
    case "appconfig-rollback-configuration":
      return {
        ApplicationId: id,
        EnvironmentId: "prod",
        ConfigurationProfileId: "flags",
        ConfigurationVersion: "1",
        DeploymentStrategyId: "AppConfig.AllAtOnce",
      };
    case "ssm-parameter-revert":
      return { Name: id, RestoreVersion: "1" };
    case "ecs-force-new-deployment":
      return { cluster: "prod", service: id, forceNewDeployment: true };
    case "ecs-set-desired-count":
      return { cluster: "prod", service: id, desiredCount: 0 };
    case "asg-raise-max-size":
      return { AutoScalingGroupName: id, MaxSize: 1000 };
    case "ebs-extend-volume":
      return { InstanceId: id, VolumeId: "vol-0123456789abcdef0", SizeGib: "16000" };
    case "rds-reboot-instance":
      return { InstanceId: id };
    case "waf-block-ip-set":
      return { Name: id, Id: IP_SET_ID, Scope: "REGIONAL", AddAddresses: "10.0.0.0/24" };
    case "waf-restore-ip-set":
      return { Name: id, Id: IP_SET_ID, Scope: "REGIONAL", Addresses: [] };
    case "sg-restore-ingress-rule":
      return {
        GroupId: "sg-0123456789abcdef0",
        IpProtocol: "tcp",
        FromPort: 0,
        ToPort: 65535,
        Source: "10.0.0.0/24",
      };
    case "iam-reattach-role-policy":
      return { RoleName: id, PolicyName: "AdministratorAccess", Scope: "AWS" };
    case "ec2-isolate-instance":
      return { InstanceId: id, Action: "Contain" };
    case "ec2-release-instance":
      return { InstanceId: id, Action: "Release" };
    default:
      return undefined;
  }
}
