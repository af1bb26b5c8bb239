/**
 * The model path at synth: `auto` picks the inference profile of the stack's Region, a profile the Region
 * cannot call fails synth with a message naming what to set, and an environment-agnostic stack resolves
 * and checks the profile at deploy time.
 */
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { configFromContext } from "./config.js";
import { defaultProfileFor, modelRegionProblem } from "./model-regions.js";
import { ResponderStack } from "./responder-stack.js";
import { cdkJsonContext, testEntries } from "./test-support.js";

const SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";

function synth(region: string | undefined, context: Record<string, unknown> = {}) {
  const app = new App({ context: { ...cdkJsonContext(), ...context, "aws:cdk:bundling-stacks": [] } });
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new ResponderStack(app, "AirResponder", {
    config,
    entries: testEntries(),
    ...(region ? { env: { region, account: "111122223333" } } : {}),
  });
  return Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    Mappings?: Record<string, unknown>;
    Rules?: Record<string, unknown>;
  };
}

function workerModel(template: ReturnType<typeof synth>): unknown {
  for (const r of Object.values(template.Resources)) {
    const vars = (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    if (r.Type === "AWS::Lambda::Function" && vars?.AIR_WAKEUP_GROUP) return vars.AIR_BEDROCK_MODEL_ID;
  }
  throw new Error("no worker function");
}

describe("model choice by Region", () => {
  it.each([
    ["us-east-1", `us.${SONNET}`],
    ["eu-west-1", `eu.${SONNET}`],
    ["ap-southeast-2", `apac.${SONNET}`],
    ["sa-east-1", `global.${SONNET}`],
  ])("auto in %s calls %s", (region, expected) => {
    expect(defaultProfileFor(region)).toBe(expected);
  });

  it("the default deployment in eu-west-1 calls the EU profile, not the US one", () => {
    expect(workerModel(synth("eu-west-1"))).toBe(`eu.${SONNET}`);
  }, 30_000);

  it("fails synth with a clear message for a profile the Region cannot call", () => {
    expect(() => synth("eu-west-1", { "air:bedrockModelId": `us.${SONNET}` })).toThrow(
      new RegExp(
        `cannot be called from eu-west-1; profiles of this model that can: eu\\.${SONNET.replace(/\./g, "\\.")}`,
      ),
    );
    expect(modelRegionProblem(`us.${SONNET}`, "us-west-2")).toBeUndefined();
    expect(modelRegionProblem(`global.${SONNET}`, "eu-west-1")).toBeUndefined();
    expect(modelRegionProblem(`eu.${SONNET}`, "me-central-1")).toMatch(
      /no inference profile callable from me-central-1/,
    );
  }, 30_000);

  it("an environment-agnostic stack maps the Region to its profile and checks it before deploying", () => {
    const template = synth(undefined);
    expect(workerModel(template)).toEqual({
      "Fn::FindInMap": [expect.any(String), { Ref: "AWS::Region" }, "profile"],
    });
    expect(JSON.stringify(template.Mappings)).toContain(`"eu-west-1":{"profile":"eu.${SONNET}"}`);
    const rule = JSON.stringify(template.Rules);
    expect(rule).toContain("Fn::Contains");
    expect(rule).toContain("has no inference profile in this Region");
  }, 30_000);

  it("rules mode needs no model and no check", () => {
    const template = synth("us-east-1", { "air:bedrockModelId": "" });
    expect(workerModel(template)).toBeUndefined();
  }, 30_000);
});
