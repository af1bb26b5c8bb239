import type { ResourceDescription } from "../../../tools/domain/index.js";
import { findAction } from "../catalogue.js";
import type { BlastContext } from "../types.js";

function target(
  type: ResourceDescription["type"],
  id: string,
  attributes: ResourceDescription["attributes"],
) {
  return {
    id,
    type,
    service: "shop",
    state: "available",
    tags: {},
    attributes,
  } satisfies ResourceDescription;
}
const context = (t: ResourceDescription, recent = 0): BlastContext => ({
  target: t,
  siblings: [],
  recentActionsOnGroup: recent,
});
const action = (id: string) => {
  const a = findAction(id);
  if (!a) throw new Error(id);
  return a;
};
const fn = target("lambda-function", "fn:live", {
  functionName: "fn",
  reservedConcurrency: 25,
  accountUnreservedConcurrency: 400,
});

describe("risk rises with the direction of the change", () => {
  it.each([
    ["lambda-set-reserved-concurrency", { FunctionName: "fn", ReservedConcurrentExecutions: 10 }, fn],
    [
      "dynamodb-set-provisioned-capacity",
      { TableName: "t", ReadCapacityUnits: 10, WriteCapacityUnits: 400 },
      target("dynamodb-table", "t", {
        billingMode: "PROVISIONED",
        readCapacityUnits: 100,
        writeCapacityUnits: 200,
      }),
    ],
    [
      "ecs-set-desired-count",
      { cluster: "prod", service: "web", desiredCount: 2 },
      target("ecs-service", "prod/web", { desiredCount: 4 }),
    ],
    [
      "asg-raise-max-size",
      { AutoScalingGroupName: "g", MaxSize: 3 },
      target("autoscaling-group", "g", { maxSize: 6 }),
    ],
  ])("%s: removing capacity is at least medium", (id, params, t) => {
    expect(action(id).riskFor?.(params, t)).toBe("medium");
  });

  it("stopping a function, blocking addresses and changing access are never low", () => {
    for (const id of [
      "lambda-stop-recursive-loop",
      "waf-block-ip-set",
      "sg-restore-ingress-rule",
      "iam-reattach-role-policy",
      "ec2-isolate-instance",
      "rds-reboot-instance",
      "ebs-extend-volume",
    ]) {
      expect(action(id).risk, id).not.toBe("low");
    }
  });
});

describe("blast-radius rules refuse what would overreach", () => {
  it("a reservation raise stays inside the account's headroom and at most doubles", () => {
    const a = action("lambda-set-reserved-concurrency");
    expect(a.blastRadius({ FunctionName: "fn", ReservedConcurrentExecutions: 50 }, context(fn)).allowed).toBe(
      true,
    );
    expect(a.blastRadius({ FunctionName: "fn", ReservedConcurrentExecutions: 60 }, context(fn)).allowed).toBe(
      false,
    );
    const tight = { ...fn, attributes: { ...fn.attributes, accountUnreservedConcurrency: 110 } };
    expect(
      a.blastRadius({ FunctionName: "fn", ReservedConcurrentExecutions: 40 }, context(tight)).reason,
    ).toMatch(/to spare/);
    expect(
      a.blastRadius({ FunctionName: "fn", ReservedConcurrentExecutions: 50 }, context(fn, 1)).allowed,
    ).toBe(false);
  });

  it("poison messages move only to the queue's own dead-letter queue", () => {
    const a = action("sqs-move-poison-messages");
    const q = target("sqs-queue", "orders", { deadLetterQueue: "orders-dlq", maxReceiveCount: 100 });
    expect(
      a.blastRadius(
        { QueueName: "orders", DeadLetterQueueName: "orders-dlq", maxReceiveCount: 3 },
        context(q),
      ).allowed,
    ).toBe(true);
    expect(
      a.blastRadius({ QueueName: "orders", DeadLetterQueueName: "other-dlq", maxReceiveCount: 3 }, context(q))
        .allowed,
    ).toBe(false);
    const none = target("sqs-queue", "orders", { deadLetterQueue: "none" });
    expect(
      a.blastRadius({ QueueName: "orders", DeadLetterQueueName: "none", maxReceiveCount: 3 }, context(none))
        .allowed,
    ).toBe(false);
    expect(
      a.params.safeParse({ QueueName: "orders", DeadLetterQueueName: "orders-dlq", maxReceiveCount: 0 })
        .success,
    ).toBe(false);
  });

  it("config reverts accept only versions the resource really had", () => {
    const p = target("ssm-parameter", "/a/b", { version: "4", previousVersions: "3,2" });
    const a = action("ssm-parameter-revert");
    expect(a.blastRadius({ Name: "/a/b", RestoreVersion: "3" }, context(p)).allowed).toBe(true);
    expect(a.blastRadius({ Name: "/a/b", RestoreVersion: "9" }, context(p)).allowed).toBe(false);
    const secret = { ...p, attributes: { ...p.attributes, parameterType: "SecureString" } };
    expect(a.blastRadius({ Name: "/a/b", RestoreVersion: "3" }, context(secret)).allowed).toBe(false);
  });

  it("access restores only re-add what was recorded, never admin, never the whole internet", () => {
    const sg = target("security-group", "sg-0123456789abcdef0", {
      revokedRules: "tcp:5432-5432:10.0.0.0/24",
      rules: "",
    });
    const restore = action("sg-restore-ingress-rule");
    const rule = { GroupId: "sg-0123456789abcdef0", IpProtocol: "tcp", FromPort: 5432, ToPort: 5432 };
    expect(restore.blastRadius({ ...rule, Source: "10.0.0.0/24" }, context(sg)).allowed).toBe(true);
    expect(restore.blastRadius({ ...rule, Source: "10.0.1.0/24" }, context(sg)).allowed).toBe(false);
    expect(restore.params.safeParse({ ...rule, Source: "0.0.0.0/0" }).success).toBe(false);
    const role = target("iam-role", "r", {
      detachedPolicies:
        "arn:aws:iam::aws:policy/AdministratorAccess,arn:aws:iam::123456789012:policy/orders-table-write",
    });
    const attach = action("iam-reattach-role-policy");
    const ask = (PolicyName: string, Scope = "Local") =>
      attach.blastRadius({ RoleName: "r", PolicyName, Scope }, context(role)).allowed;
    expect(ask("AdministratorAccess", "AWS")).toBe(false);
    expect(ask("orders-table-write")).toBe(true);
    // Same name, other owner: not what was detached.
    expect(ask("orders-table-write", "AWS")).toBe(false);
    expect(ask("orders-table-read")).toBe(false);
    // No ARN, so never another account's policy.
    expect(
      attach.params.safeParse({ RoleName: "r", PolicyArn: "arn:aws:iam::999999999999:policy/x" }).success,
    ).toBe(false);
  });

  it("a WAF block never covers more than a /24 nor a never-block address", () => {
    const a = action("waf-block-ip-set");
    const set = target("waf-ip-set", "blocked", {
      ipSetId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
      neverBlock: "203.0.113.9/32",
    });
    const base = { Name: "blocked", Id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", Scope: "REGIONAL" };
    expect(a.params.safeParse({ ...base, AddAddresses: "198.51.0.0/16" }).success).toBe(false);
    expect(a.blastRadius({ ...base, AddAddresses: "203.0.113.9/32" }, context(set)).allowed).toBe(false);
    expect(a.blastRadius({ ...base, AddAddresses: "198.51.100.23/32" }, context(set)).allowed).toBe(true);
  });

  it("EBS only grows, by at most double; MaxSize stays under the group's ceiling", () => {
    const i = target("ec2-instance", "i-0abc12345678def01", {
      diskSizeGb: 100,
      rootVolumeId: "vol-0abc12345678def01",
    });
    const grow = action("ebs-extend-volume");
    const p = {
      InstanceId: "i-0abc12345678def01",
      VolumeId: "vol-0abc12345678def01",
      MountPoint: "/",
      KeepSnapshot: true,
    };
    expect(grow.blastRadius({ ...p, SizeGib: "150" }, context(i)).allowed).toBe(true);
    expect(grow.blastRadius({ ...p, SizeGib: "80" }, context(i)).allowed).toBe(false);
    expect(grow.blastRadius({ ...p, SizeGib: "300" }, context(i)).allowed).toBe(false);
    const g = target("autoscaling-group", "g", { maxSize: 6, desiredCapacity: 6, maxSizeCeiling: 10 });
    const max = action("asg-raise-max-size");
    expect(max.blastRadius({ AutoScalingGroupName: "g", MaxSize: 10 }, context(g)).allowed).toBe(true);
    expect(max.blastRadius({ AutoScalingGroupName: "g", MaxSize: 12 }, context(g)).allowed).toBe(false);
    const noCeiling = target("autoscaling-group", "g", { maxSize: 6, desiredCapacity: 6 });
    expect(max.blastRadius({ AutoScalingGroupName: "g", MaxSize: 8 }, context(noCeiling)).allowed).toBe(
      false,
    );
  });
});
