/**
 * The bundled price table the cost estimate reads. AWS list prices for us-east-1 (N. Virginia), on-demand,
 * Linux, no Savings Plans, Reserved Instances or free tier, in USD. Source: the public AWS pricing pages
 * (aws.amazon.com/ec2/pricing/on-demand, /ebs/pricing, /dynamodb/pricing, /fargate/pricing), as read on the
 * date below. Other regions and discounted accounts differ: the estimate is a ceiling check, not a bill.
 * An instance type missing here is "unknown cost", which the gate treats as over the ceiling (fail closed):
 * add the type with its price rather than guessing.
 */
export const PRICE_TABLE = {
  region: "us-east-1",
  basis: "on-demand list prices, Linux, USD",
  asOf: "2024-11-15",
  source: "aws.amazon.com/ec2/pricing/on-demand, /ebs/pricing, /dynamodb/pricing, /fargate/pricing",
  /** EC2 on-demand, USD per instance-hour. */
  ec2PerHour: {
    "t3.micro": 0.0104,
    "t3.small": 0.0208,
    "t3.medium": 0.0416,
    "t3.large": 0.0832,
    "t3.xlarge": 0.1664,
    "m5.large": 0.096,
    "m5.xlarge": 0.192,
    "m5.2xlarge": 0.384,
    "m6i.large": 0.096,
    "m6i.xlarge": 0.192,
    "m7g.large": 0.0816,
    "c5.large": 0.085,
    "c5.xlarge": 0.17,
    "c5.2xlarge": 0.34,
    "c6i.large": 0.085,
    "c6i.xlarge": 0.17,
    "c6i.2xlarge": 0.34,
    "r5.large": 0.126,
    "r5.xlarge": 0.252,
    "r5.2xlarge": 0.504,
    "r6i.large": 0.126,
    "r6i.xlarge": 0.252,
  } as Readonly<Record<string, number>>,
  /** EBS gp3 storage, USD per GiB-month (baseline IOPS and throughput included). */
  ebsGp3PerGibMonth: 0.08,
  /** Hours in a billing month, as AWS uses to turn monthly prices into hourly ones. */
  hoursPerMonth: 730,
  /** DynamoDB provisioned capacity (standard table class), USD per unit-hour. */
  dynamoRcuPerHour: 0.00013,
  dynamoWcuPerHour: 0.00065,
  /** DynamoDB on-demand (standard table class), USD per million request units. */
  dynamoReadPerMillion: 0.125,
  dynamoWritePerMillion: 0.625,
  /** Fargate (Linux/x86), USD per vCPU-hour and per GB-hour. */
  fargateVcpuPerHour: 0.04048,
  fargateGbPerHour: 0.004445,
} as const;
