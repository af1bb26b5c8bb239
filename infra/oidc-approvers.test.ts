/** `air:oidcApprovers`: the approvers' Cognito user pool, and what the approval function is told about it. */
import { AwsSolutionsChecks } from "cdk-nag";
import { ENTRY_METADATA_KEY } from "./constructs/functions.js";
import { ENV } from "./runtime-contract.js";
import { resourcesOfType, synthStack } from "./test-support.js";

const envOf = (fn: { Properties?: Record<string, unknown> }) =>
  (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
const isApproval = (fn: { Metadata?: Record<string, unknown> }) =>
  fn.Metadata?.[ENTRY_METADATA_KEY] === "handlers/lambda/approval.ts";
const OIDC_ENV = [ENV.oidcUserPoolId, ENV.oidcClientId, ENV.oidcSignInUrl];

describe("OIDC approvers", () => {
  const callback = "https://abc123.lambda-url.us-east-1.on.aws/";
  const on = synthStack({
    bundle: false,
    context: {
      "air:oidcApprovers": "true",
      "air:oidcDomainPrefix": "example-air-approvers",
      "air:oidcCallbackUrl": callback,
      "air:approvers": "oidc:0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
    },
  });
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({
    Ref: on.stack.getLogicalId(construct.node.defaultChild as never),
  });

  it("are off by default: no user pool, and the approval function hears nothing of OIDC", () => {
    const off = synthStack({ bundle: false });
    expect(resourcesOfType(off.template, "AWS::Cognito::UserPool")).toHaveLength(0);
    for (const [, fn] of resourcesOfType(off.template, "AWS::Lambda::Function")) {
      for (const name of OIDC_ENV) expect(name in envOf(fn)).toBe(false);
    }
  });

  it("create a pool only administrators add people to, with a strong password and TOTP required", () => {
    const pools = resourcesOfType(on.template, "AWS::Cognito::UserPool");
    expect(pools).toHaveLength(1);
    expect(pools[0]?.[1].Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      UserPoolTier: "PLUS",
    });
  });

  it("create a public client issuing short-lived ID tokens back to the approval page only", () => {
    const clients = resourcesOfType(on.template, "AWS::Cognito::UserPoolClient");
    expect(clients).toHaveLength(1);
    expect(clients[0]?.[1].Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ["implicit"],
      CallbackURLs: [callback],
      IdTokenValidity: 15,
      TokenValidityUnits: { IdToken: "minutes" },
    });
  });

  it("give the approval function, and only it, the pool, the client and the sign-in URL", () => {
    const oidc = on.stack.oidcApprovers;
    if (!oidc) throw new Error("the flag did not create the OIDC approvers construct");
    const functions = resourcesOfType(on.template, "AWS::Lambda::Function");
    expect(functions.filter(([, fn]) => isApproval(fn))).toHaveLength(1);
    for (const [, fn] of functions) {
      const env = envOf(fn);
      if (!isApproval(fn)) {
        for (const name of OIDC_ENV) expect(name in env).toBe(false);
        continue;
      }
      expect(env[ENV.oidcUserPoolId]).toEqual(ref(oidc.userPool));
      expect(env[ENV.oidcClientId]).toEqual(ref(oidc.client));
      expect(JSON.stringify(env[ENV.oidcSignInUrl])).toContain("response_type=token");
      expect(JSON.stringify(env[ENV.oidcSignInUrl])).toContain(encodeURIComponent(callback));
    }
  });

  it("without a hosted-UI domain or callback URL, the client has no OAuth flows and the page no link", () => {
    const bare = synthStack({ bundle: false, context: { "air:oidcApprovers": "true" } });
    expect(resourcesOfType(bare.template, "AWS::Cognito::UserPoolDomain")).toHaveLength(0);
    const [, client] = resourcesOfType(bare.template, "AWS::Cognito::UserPoolClient")[0] ?? [];
    expect(client?.Properties?.AllowedOAuthFlows).toBeUndefined();
    const approval = resourcesOfType(bare.template, "AWS::Lambda::Function").find(([, fn]) => isApproval(fn));
    expect(approval && ENV.oidcClientId in envOf(approval[1])).toBe(true);
    expect(approval && ENV.oidcSignInUrl in envOf(approval[1])).toBe(false);
  });

  it("keep cdk-nag clean", () => {
    const report = new AwsSolutionsChecks().validateScope(on.app);
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });
});
