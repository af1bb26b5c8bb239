import { describe, expect, it } from "vitest";
import { regionFromArn, toRegionCode } from "./regions.js";

describe("toRegionCode", () => {
  it.each([
    ["US East (N. Virginia)", "us-east-1"],
    ["US West (Oregon)", "us-west-2"],
    ["EU (Ireland)", "eu-west-1"],
    ["Europe (Ireland)", "eu-west-1"],
    ["EU (Frankfurt)", "eu-central-1"],
    ["Asia Pacific (Tokyo)", "ap-northeast-1"],
    ["South America (São Paulo)", "sa-east-1"],
    ["AWS GovCloud (US)", "us-gov-west-1"],
    ["China (Beijing)", "cn-north-1"],
    ["  us east (n. virginia) ", "us-east-1"],
    ["us-east-1", "us-east-1"],
    ["US-GOV-WEST-1", "us-gov-west-1"],
  ])("%s → %s", (name, code) => {
    expect(toRegionCode(name)).toBe(code);
  });

  it.each(["EXAMPLE", "", "Mars (Olympus Mons)", "x".repeat(1000)])("unknown %j → undefined", (name) => {
    expect(toRegionCode(name)).toBeUndefined();
  });

  it("reads the region of an ARN only when it is a code", () => {
    expect(regionFromArn("arn:aws:cloudwatch:eu-west-2:111122223333:alarm:x")).toBe("eu-west-2");
    expect(regionFromArn("arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE")).toBeUndefined();
    expect(regionFromArn(undefined)).toBeUndefined();
  });
});
