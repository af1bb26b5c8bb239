/**
 * Every variable a function's code needs is set on that function by the stack, and every `AIR_*` variable
 * the stack sets on a function is read by that function's code. The handlers also start cleanly on the
 * environment the stack gives them.
 */
import { describe, expect, it } from "vitest";
import { readLambdaEnv } from "../handlers/lambda/env.js";
import { envUse } from "./env-contract.js";
import { SIM_ACCOUNT } from "./iam-sim/matrix.js";
import { principalPolicies, stackRoles } from "./iam-sim/policies.js";
import { type TemplateJson, TemplateResolver } from "./iam-sim/resolve.js";
import { LAMBDA_ENTRIES } from "./lambda-entries.js";
import { synthStack } from "./test-support.js";

const deployments = {
  defaults: {},
  "oidc, knowledge base": { "air:oidcApprovers": true, "air:knowledgeBaseId": "KB12345678" },
};

describe.each(Object.entries(deployments))("env contract (%s)", (_name, context) => {
  const { stack, template } = synthStack({ bundle: false, context });
  const json = template.toJSON() as TemplateJson;
  const resolver = new TemplateResolver(json, SIM_ACCOUNT);
  const roles = stackRoles(stack as Parameters<typeof stackRoles>[0]);

  it.each(LAMBDA_ENTRIES.map((e) => [e.name, e.entry] as const))("%s", (name, entry) => {
    const role = roles.find((r) => r.name === name);
    const env = principalPolicies(json, resolver, role as NonNullable<typeof role>).env;
    const set = Object.keys(env).filter((k) => k.startsWith("AIR_"));
    const use = envUse(entry);
    expect([...use.required].filter((k) => !(k in env)).sort(), "needed but not set by the stack").toEqual(
      [],
    );
    expect(set.filter((k) => !use.reads.has(k)).sort(), "set by the stack but never read").toEqual([]);
    expect(() => readLambdaEnv({ ...env, AWS_REGION: SIM_ACCOUNT.region })).not.toThrow();
  });
});
