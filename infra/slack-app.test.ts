/** `air:slackSecretName`: the stack reads the operator's Slack secret and tells only the worker and the approval function. */
import { ENTRY_METADATA_KEY } from "./constructs/functions.js";
import { ENV } from "./runtime-contract.js";
import { resourcesOfType, synthStack } from "./test-support.js";

const envOf = (fn: { Properties?: Record<string, unknown> }) =>
  (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
const entryOf = (fn: { Metadata?: Record<string, unknown> }) => fn.Metadata?.[ENTRY_METADATA_KEY];

describe("Slack app secret", () => {
  it("is off by default: no function hears of Slack", () => {
    const off = synthStack({ bundle: false });
    for (const [, fn] of resourcesOfType(off.template, "AWS::Lambda::Function"))
      expect(ENV.slackSecretArn in envOf(fn)).toBe(false);
  });

  it("wires the named secret to the worker and the approval function, with read access for exactly those two", () => {
    const on = synthStack({ bundle: false, context: { "air:slackSecretName": "air/slack-app" } });
    const wired = resourcesOfType(on.template, "AWS::Lambda::Function")
      .filter(([, fn]) => ENV.slackSecretArn in envOf(fn))
      .map(([, fn]) => entryOf(fn));
    expect(wired.sort()).toEqual(["handlers/lambda/approval.ts", "handlers/lambda/worker.ts"]);
    const text = JSON.stringify(on.template.toJSON());
    expect(text).toContain("secret:air/slack-app-??????");
    const reads = resourcesOfType(on.template, "AWS::IAM::Policy").filter(([, p]) =>
      JSON.stringify(p.Properties).includes("secret:air/slack-app"),
    );
    expect(reads.length).toBeGreaterThanOrEqual(1);
    for (const [, p] of reads)
      expect(JSON.stringify(p.Properties)).toContain("secretsmanager:GetSecretValue");
  });
});
