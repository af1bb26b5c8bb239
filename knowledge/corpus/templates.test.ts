import { describe, expect, it } from "vitest";
import type { ResourceDescription } from "../../tools/domain/index.js";
import { findAction } from "../actions/index.js";
import { renderRunbookAction } from "./action-params.js";
import { checkTemplate, renderParams } from "./templates.js";

const asg: ResourceDescription = {
  id: "web-asg",
  type: "autoscaling-group",
  service: "web",
  state: "InService",
  tags: { team: "storefront" },
  attributes: { desiredCapacity: 4, maxSize: 6, minSize: 2, history: "a:1,a:2,a:3" },
};

describe("templates", () => {
  it("fills target values and applies filters", () => {
    const { params, missing } = renderParams(
      {
        name: "{{target.id}}",
        doubled: "{{ target.attributes.desiredCapacity | double }}",
        capped: "{{target.attributes.desiredCapacity | double | atMost:target.attributes.maxSize}}",
        plus: "{{target.attributes.desiredCapacity | plus:1}}",
        last: "{{target.attributes.history | last}}",
        tag: "team={{target.tags.team}}",
      },
      asg,
    );
    expect(params).toEqual({
      name: "web-asg",
      doubled: "8",
      capped: "6",
      plus: "5",
      last: "a:3",
      tag: "team=storefront",
    });
    expect(missing).toEqual([]);
  });

  it("reports values the target lacks", () => {
    const { missing } = renderParams({ v: "{{target.attributes.previousVersion}}" }, asg);
    expect(missing).toEqual(["target.attributes.previousVersion"]);
  });

  it("checks template syntax", () => {
    expect(checkTemplate("{{target.id}}")).toEqual([]);
    expect(checkTemplate("literal")).toEqual([]);
    expect(checkTemplate("{{target.id")[0]).toContain("unbalanced");
    expect(checkTemplate("{{process.env.SECRET}}")[0]).toContain("is not a known value");
    expect(checkTemplate("{{target.id | shout}}")[0]).toContain('unknown filter "shout"');
    expect(checkTemplate("{{target.attributes.x | atMost}}")[0]).toContain("needs an argument");
  });
});

describe("renderRunbookAction", () => {
  it("coerces numeric parameters so the catalogue schema accepts them", () => {
    const planned = renderRunbookAction(
      {
        actionId: "asg-set-desired-capacity",
        params: {
          AutoScalingGroupName: "{{target.id}}",
          DesiredCapacity:
            "{{target.attributes.desiredCapacity | double | atMost:target.attributes.maxSize}}",
        },
      },
      asg,
    );
    expect(planned.params).toEqual({ AutoScalingGroupName: "web-asg", DesiredCapacity: 6 });
    expect(findAction("asg-set-desired-capacity")?.params.safeParse(planned.params).success).toBe(true);
  });

  it("throws for an action outside the catalogue", () => {
    expect(() => renderRunbookAction({ actionId: "rm-rf", params: {} }, asg)).toThrow(
      /not in the action catalogue/,
    );
  });
});

function resource(
  id: string,
  type: ResourceDescription["type"],
  attributes: ResourceDescription["attributes"],
): ResourceDescription {
  return { id, type, service: "shop", state: "available", tags: {}, attributes };
}

describe("built-in runbook actions", () => {
  const targets: Record<string, ResourceDescription> = {
    "ec2-instance": {
      id: "i-0abc12345678def01",
      type: "ec2-instance",
      service: "web",
      group: "web-asg",
      state: "running",
      tags: {},
      attributes: { instanceType: "m7g.large", diskSizeGb: 100, rootVolumeId: "vol-0abc12345678def01" },
    },
    "autoscaling-group": { ...asg, attributes: { ...asg.attributes, maxSizeCeiling: 20 } },
    "ecs-service": {
      id: "prod/checkout",
      type: "ecs-service",
      service: "checkout",
      state: "ACTIVE",
      tags: {},
      attributes: {
        cluster: "prod",
        service: "checkout",
        taskDefinition: "checkout:42",
        previousTaskDefinitions: "checkout:41,checkout:40",
        desiredCount: 4,
        maxCount: 12,
      },
    },
    "lambda-function": {
      id: "resize-images:live",
      type: "lambda-function",
      service: "media",
      state: "Active",
      tags: {},
      attributes: {
        functionName: "resize-images",
        alias: "live",
        aliasVersion: "12",
        previousVersions: "11,10",
        reservedConcurrency: 25,
      },
    },
    "dynamodb-table": resource("products", "dynamodb-table", {
      billingMode: "PROVISIONED",
      readCapacityUnits: 400,
      writeCapacityUnits: 200,
    }),
    "sqs-queue": resource("orders", "sqs-queue", { deadLetterQueue: "orders-dlq", maxReceiveCount: 100 }),
    "rds-instance": resource("orders-db", "rds-instance", {}),
    "appconfig-profile": resource("shop/prod/flags", "appconfig-profile", {
      applicationId: "shop",
      environmentId: "prod",
      configurationProfileId: "flags",
      previousVersions: "6,5",
    }),
    "ssm-parameter": resource("/checkout/db/pool-size", "ssm-parameter", { previousVersions: "3,2" }),
    "security-group": resource("sg-0123456789abcdef0", "security-group", {
      revokedProtocol: "tcp",
      revokedFromPort: 5432,
      revokedToPort: 5432,
      revokedSource: "sg-0fedcba987654321f",
    }),
    "iam-role": resource("orders-task", "iam-role", {
      detachedPolicies: "arn:aws:iam::123456789012:policy/orders-dynamodb",
      detachedPolicyNames: "orders-dynamodb",
    }),
    "waf-ip-set": resource("blocked", "waf-ip-set", {
      ipSetId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
      floodSources: "198.51.100.23/32,203.0.113.9/32",
    }),
  };

  it("render into parameters the action catalogue accepts", async () => {
    const { loadAwsCatalogue } = await import("./aws-catalogue.js");
    const { FolderSource } = await import("./sources/folder.js");
    const { BUILT_IN_RUNBOOKS_DIR } = await import("./paths.js");
    const source = new FolderSource({ dir: BUILT_IN_RUNBOOKS_DIR, source: "built-in" });
    await source.refresh();
    const runbooks = [...source.runbooks(), ...(await loadAwsCatalogue())];
    let checked = 0;
    for (const runbook of runbooks) {
      for (const ref of runbook.actions) {
        const action = findAction(ref.actionId)!;
        const target = targets[action.targetType]!;
        const planned = renderRunbookAction(ref, target);
        expect(planned.missing, `${runbook.id} → ${ref.actionId}`).toEqual([]);
        const parsed = action.params.safeParse(planned.params);
        expect(parsed.success, `${runbook.id} → ${ref.actionId}: ${JSON.stringify(planned.params)}`).toBe(
          true,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    const ecs = runbooks.find((r) => r.id === "ecs-bad-deploy")!;
    expect(renderRunbookAction(ecs.actions[0]!, targets["ecs-service"]!).params).toEqual({
      cluster: "prod",
      service: "checkout",
      taskDefinition: "checkout:41",
    });
  });
});
