/**
 * ResourcesPort over EC2, Auto Scaling, ECS and Lambda. A resource's service is its `service` tag (keys
 * configurable). Listing by service uses the tag filters EC2 and Auto Scaling offer, the Resource Groups
 * Tagging API for Lambda (`tagged.ts`), and for ECS a cached index of tags. Dependencies between services come from configuration.
 * Data and configuration resources (DynamoDB, SQS, RDS, Parameter Store, AppConfig) are in `data.ts`.
 */
import type { AppConfigClient } from "@aws-sdk/client-appconfig";
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { RDSClient } from "@aws-sdk/client-rds";
import type { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { WAFV2Client } from "@aws-sdk/client-wafv2";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import type { ResourcesPort } from "../../ports.js";
import { mapLimit, TtlCache } from "../util.js";
import { describeIamRole, describeIpSet, describeSecurityGroup, securityGroupsOfService } from "./access.js";
import { describeGroup, groupsOfService } from "./asg.js";
import { dataOfService, dataResourceTypes, describeDataName, describeDataRef } from "./data.js";
import { describeInstance, instancesOfService } from "./ec2.js";
import { describeEcsService, describeEcsServices, type EcsRef, indexEcsServices } from "./ecs.js";
import { parseResourceId } from "./ids.js";
import { describeLambdaAlias, describeLambdaAliases } from "./lambda.js";
import { functionNameOfArn, taggedResourceArns } from "./tagged.js";

export interface ResourceClients {
  ec2: EC2Client;
  autoScaling: AutoScalingClient;
  ecs: ECSClient;
  lambda: LambdaClient;
  /** Resource Groups Tagging API: finds a service's Lambda functions by tag. */
  tagging: ResourceGroupsTaggingAPIClient;
  /** IAM roles (a bare name no other service knows); without it roles are not described. */
  iam?: IAMClient;
  /** Regional WAF IP sets (by name); without it IP sets are not described. */
  wafv2?: WAFV2Client;
  /** CloudTrail of the Region: the rules revoked from a security group. */
  cloudTrail?: CloudTrailClient;
  /** CloudTrail where IAM events are recorded (us-east-1), when it is not the Region. */
  cloudTrailGlobal?: CloudTrailClient;
  /** Data and configuration resources; each type is described only when its client is given. */
  dynamo?: DynamoDBClient;
  sqs?: SQSClient;
  rds?: RDSClient;
  ssm?: SSMClient;
  appConfig?: AppConfigClient;
}

export interface ServiceDependency {
  service: string;
  external: boolean;
}

export interface AwsResourcesOptions {
  /** Tag keys naming a resource's service. EC2/ASG filters are case-sensitive: list each spelling. Default `service`, `Service`. */
  serviceTagKeys?: string[];
  /** Services each service calls; `external: true` marks a third party. */
  dependencies?: Record<string, ServiceDependency[]>;
  /** ECS clusters to index; every cluster of the account and region when omitted. */
  ecsClusters?: string[];
  /** Alias used when a bare function name is described. Default `live` (else the function's first alias). */
  defaultLambdaAlias?: string;
  /** How long the ECS tag index and each service's tagged functions are kept. Default 5 minutes. */
  indexCacheMs?: number;
  /** At most this many earlier task definitions / versions are listed. Default 10. */
  maxPreviousRevisions?: number;
  /** AppConfig environments per service (`application-id/environment-id`), as the change feed reads them. */
  appConfigEnvironments?: Record<string, string[]>;
  /** "Now" for the 90-day change history of security groups and roles. Default the system clock. */
  now?: () => Date;
}

export class AwsResources implements ResourcesPort {
  private readonly keys: string[];
  private readonly maxPrevious: number;
  private readonly ecsIndex: TtlCache<"ecs", Map<string, EcsRef[]>>;
  private readonly lambdaByService: TtlCache<string, string[]>;
  private readonly dataByService: TtlCache<string, string[]>;
  private readonly externals: Set<string>;

  constructor(
    private readonly clients: ResourceClients,
    private readonly options: AwsResourcesOptions = {},
  ) {
    this.keys = options.serviceTagKeys ?? ["service", "Service"];
    this.maxPrevious = options.maxPreviousRevisions ?? 10;
    this.ecsIndex = new TtlCache(options.indexCacheMs ?? 300_000);
    this.lambdaByService = new TtlCache(options.indexCacheMs ?? 300_000);
    this.dataByService = new TtlCache(options.indexCacheMs ?? 300_000);
    this.externals = new Set(
      Object.values(options.dependencies ?? {})
        .flat()
        .filter((d) => d.external)
        .map((d) => d.service),
    );
  }

  async describe(id: string): Promise<ResourceDescription | undefined> {
    const ref = parseResourceId(id);
    switch (ref.kind) {
      case "ec2":
        return describeInstance(this.clients.ec2, ref.instanceId, this.keys);
      case "asg":
        return describeGroup(this.clients.autoScaling, ref.name, this.keys);
      case "security-group":
        return describeSecurityGroup(
          this.clients.ec2,
          this.clients.cloudTrail,
          ref.groupId,
          this.keys,
          this.now(),
        );
      case "ecs":
        return (
          (await describeEcsService(this.clients.ecs, ref, this.keys, this.maxPrevious)) ??
          (await describeGroup(this.clients.autoScaling, id, this.keys))
        );
      case "lambda":
        return ref.alias
          ? ((await describeLambdaAlias(
              this.clients.lambda,
              ref.functionName,
              ref.alias,
              this.keys,
              this.maxPrevious,
            )) ?? (await describeGroup(this.clients.autoScaling, id, this.keys)))
          : this.describeFunction(ref.functionName);
      case "table":
      case "queue":
      case "db":
      case "parameter":
      case "appconfig":
        return describeDataRef(
          this.clients,
          ref,
          this.keys,
          (env) => this.serviceOfEnvironment(env),
          id.startsWith("arn:") ? id : undefined,
        );
      case "name":
        if (this.externals.has(ref.name)) return external(ref.name);
        return (
          (await describeGroup(this.clients.autoScaling, ref.name, this.keys)) ??
          (await this.describeFunction(ref.name)) ??
          (await this.describeAccess(ref.name)) ??
          (await describeDataName(this.clients, ref.name, this.keys))
        );
    }
  }

  async listByService(service: string): Promise<ResourceDescription[]> {
    if (this.externals.has(service)) return [external(service)];
    const [groups, instances, ecs, lambdas, securityGroups, data] = await Promise.all([
      groupsOfService(this.clients.autoScaling, service, this.keys),
      instancesOfService(this.clients.ec2, service, this.keys),
      this.ecsOf(service),
      this.lambdasOf(service),
      securityGroupsOfService(this.clients.ec2, service, this.keys),
      this.dataOf(service),
    ]);
    return [...groups, ...instances, ...ecs, ...lambdas, ...securityGroups, ...data];
  }

  async dependencies(service: string): Promise<ServiceDependency[]> {
    return (this.options.dependencies?.[service] ?? []).map((d) => ({ ...d }));
  }

  /** Lambda function names tagged with the service (tag:GetResources, cached per service). */
  async functionsOf(service: string): Promise<string[]> {
    return this.lambdaByService.get(service, async () => {
      const arns = await taggedResourceArns(this.clients.tagging, "lambda:function", this.keys, service);
      return [...new Set(arns.map(functionNameOfArn).filter((n): n is string => n !== undefined))];
    });
  }

  /** Drops the ECS tag index and the cached tagged functions (after tagging changes). */
  refresh(): void {
    this.ecsIndex.clear();
    this.lambdaByService.clear();
    this.dataByService.clear();
  }

  /** Tables, queues, DB instances and parameters tagged with the service, and its AppConfig profiles. */
  private async dataOf(service: string): Promise<ResourceDescription[]> {
    const types = dataResourceTypes(this.clients);
    const arns = types.length
      ? await this.dataByService.get(service, () =>
          taggedResourceArns(this.clients.tagging, types, this.keys, service),
        )
      : [];
    const environments = this.options.appConfigEnvironments?.[service] ?? [];
    return dataOfService(this.clients, arns, this.keys, service, environments);
  }

  /** The service an AppConfig environment (`app/env`) is configured for; "unknown" when none is. */
  private serviceOfEnvironment(environment: string): string {
    for (const [service, envs] of Object.entries(this.options.appConfigEnvironments ?? {})) {
      if (envs.includes(environment)) return service;
    }
    return "unknown";
  }

  private async ecsOf(service: string): Promise<ResourceDescription[]> {
    const index = await this.ecsIndex.get("ecs", () =>
      indexEcsServices(this.clients.ecs, this.options.ecsClusters, this.keys),
    );
    const refs = index.get(service) ?? [];
    return refs.length ? describeEcsServices(this.clients.ecs, refs, this.keys, this.maxPrevious) : [];
  }

  private async lambdasOf(service: string): Promise<ResourceDescription[]> {
    const names = await this.functionsOf(service);
    const aliases = await mapLimit(names, 4, (fn) =>
      describeLambdaAliases(this.clients.lambda, fn, this.keys, this.maxPrevious),
    );
    return aliases.flat();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** A bare name no compute service knows: an IAM role, else a Regional WAF IP set. */
  private async describeAccess(name: string): Promise<ResourceDescription | undefined> {
    const { iam, wafv2 } = this.clients;
    const trail = this.clients.cloudTrailGlobal ?? this.clients.cloudTrail;
    // Reads are granted on resources carrying the managed tag only: a denied read is not a resource the
    // responder may act on, so it is not one it describes.
    const visible = async (read: () => Promise<ResourceDescription | undefined>) => {
      try {
        return await read();
      } catch (err) {
        if (err instanceof AwsAdapterError && err.kind === "access-denied") return undefined;
        throw err;
      }
    };
    return (
      (iam ? await visible(() => describeIamRole(iam, trail, name, this.keys, this.now())) : undefined) ??
      (wafv2 ? await visible(() => describeIpSet(wafv2, name, this.keys)) : undefined)
    );
  }

  /** A bare function name: its default alias, else its first alias. */
  private async describeFunction(functionName: string): Promise<ResourceDescription | undefined> {
    const aliases = await describeLambdaAliases(
      this.clients.lambda,
      functionName,
      this.keys,
      this.maxPrevious,
    );
    const preferred = this.options.defaultLambdaAlias ?? "live";
    return aliases.find((a) => a.attributes["alias"] === preferred) ?? aliases[0];
  }
}

function external(name: string): ResourceDescription {
  return {
    id: name,
    type: "external-dependency",
    service: name,
    state: "unknown",
    tags: {},
    attributes: { external: true },
  };
}
