import { describe, expect, it } from "vitest";
import type { ResourceDescription } from "../../tools/domain/index.js";
import { actionIds } from "./catalogue.js";
import { COST_EFFECTS, describeCost, estimateCost } from "./cost.js";
import { PRICE_TABLE } from "./prices.js";

const target = (attributes: Record<string, unknown>): ResourceDescription =>
  ({
    id: "t",
    type: "autoscaling-group",
    service: "web",
    state: "InService",
    tags: {},
    attributes,
  }) as unknown as ResourceDescription;

describe("cost effects", () => {
  it("every catalogue action declares one, and none is declared for an unknown action", () => {
    expect(actionIds().filter((id) => !COST_EFFECTS[id])).toEqual([]);
    expect(Object.keys(COST_EFFECTS).filter((id) => !actionIds().includes(id))).toEqual([]);
  });

  it("prices a scale-out as added instances × the type's hourly price", () => {
    const cost = estimateCost(
      "asg-set-desired-capacity",
      { AutoScalingGroupName: "web", DesiredCapacity: 8 },
      target({ desiredCapacity: 4, instanceType: "c5.xlarge" }),
    );
    expect(cost).toMatchObject({ kind: "usd", usdPerHour: 0.68 });
    expect(describeCost(cost)).toMatch(/\$0\.68\/h .*us-east-1 on-demand list prices.*2024-11-15/);
  });

  it("is unknown for an instance type missing from the table, and none for a scale-in", () => {
    const t = target({ desiredCapacity: 4, instanceType: "x9.huge" });
    expect(estimateCost("asg-set-desired-capacity", { DesiredCapacity: 5 }, t).kind).toBe("unknown");
    expect(estimateCost("asg-set-desired-capacity", { DesiredCapacity: 2 }, t).kind).toBe("none");
  });

  it("prices EBS growth per GiB-month, provisioned DynamoDB per unit-hour, and unsized ECS tasks as unknown", () => {
    const ebs = estimateCost("ebs-extend-volume", { SizeGib: "200" }, target({ diskSizeGb: 100 }));
    expect(ebs).toMatchObject({ kind: "usd" });
    expect(ebs.kind === "usd" && ebs.usdPerHour).toBeCloseTo((100 * 0.08) / 730, 4);
    const ddb = estimateCost(
      "dynamodb-set-provisioned-capacity",
      { ReadCapacityUnits: 200, WriteCapacityUnits: 200 },
      target({ readCapacityUnits: 100, writeCapacityUnits: 100 }),
    );
    expect(ddb.kind === "usd" && ddb.usdPerHour).toBeCloseTo(100 * 0.00013 + 100 * 0.00065, 4);
    expect(estimateCost("ecs-set-desired-count", { desiredCount: 4 }, target({ desiredCount: 2 })).kind).toBe(
      "unknown",
    );
    expect(estimateCost("waf-block-ip-set", {}, target({})).kind).toBe("none");
    expect(estimateCost("not-an-action", {}, target({})).kind).toBe("unknown");
  });

  it("dates and places its price table", () => {
    expect(PRICE_TABLE.region).toBe("us-east-1");
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
