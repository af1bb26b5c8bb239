import {
  CONTEXT_PREFIX,
  configFromContext,
  LIVE_ACTION_IDS,
  NO_LIVE_EXECUTOR_ACTION_IDS,
  OPT_IN_ACTION_IDS,
  selfAlarmPrefix,
} from "./config.js";
import { cdkJsonContext } from "./test-support.js";

const from = (context: Record<string, unknown>) => configFromContext((key) => context[key]);

describe("configuration from CDK context", () => {
  it("has safe defaults for everything", () => {
    const config = from({});
    expect(config).toMatchObject({
      resourcePrefix: "air",
      alarmNamePrefixes: [],
      enabledActions: LIVE_ACTION_IDS.filter((id) => !OPT_IN_ACTION_IDS.includes(id)),
      auditRetentionDays: 365,
      auditRetentionMode: "GOVERNANCE",
      workerTimeoutMinutes: 5,
      approvalTimeoutMinutes: 60,
      tracing: false,
    });
    expect(selfAlarmPrefix(config)).toBe("air-self-");
  });

  it("has a live AWS executor for every catalogue action", () => {
    expect(NO_LIVE_EXECUTOR_ACTION_IDS).toEqual([]);
    const all =
      "appconfig-rollback-configuration,waf-block-ip-set,waf-restore-ip-set,iam-reattach-role-policy";
    expect(from({ [`${CONTEXT_PREFIX}enabledActions`]: all }).enabledActions).toEqual(all.split(","));
    // AppConfig and WAF are on by default; the IAM re-attach stays opt-in (it grants access).
    expect(from({}).enabledActions).toEqual(expect.arrayContaining(all.split(",").slice(0, 3)));
    expect(from({}).enabledActions).not.toContain("iam-reattach-role-policy");
  });

  it("refuses at synth to enable instance containment, whose automation role the stack cannot grant yet", () => {
    expect(() => from({ [`${CONTEXT_PREFIX}enabledActions`]: "ec2-isolate-instance" })).toThrow(
      /ec2-isolate-instance runs AWSSupport-ContainEC2Instance, whose automation role this stack does not create yet/,
    );
    expect(LIVE_ACTION_IDS).not.toContain("ec2-release-instance");
  });

  it("takes the change feed's scope per service and refuses a malformed one at synth", () => {
    const feed = {
      checkout: { resourceIds: ["sg-0123456789abcdef0"], appConfigEnvironments: ["abc1234/env5678"] },
    };
    expect(from({ [`${CONTEXT_PREFIX}changeFeed`]: JSON.stringify(feed) }).changeFeed).toEqual(feed);
    expect(from({}).changeFeed).toEqual({});
    expect(() =>
      from({ [`${CONTEXT_PREFIX}changeFeed`]: { checkout: { appConfigEnvironments: ["shop"] } } }),
    ).toThrowError(
      /air:changeFeed\.checkout\.appConfigEnvironments\.0: an AppConfig application-id\/environment-id/,
    );
  });

  it("accepts `-c key=value` strings: comma lists, numbers, booleans, JSON", () => {
    const config = from({
      [`${CONTEXT_PREFIX}alarmNamePrefixes`]: "prod-, payments-",
      [`${CONTEXT_PREFIX}auditRetentionDays`]: "30",
      [`${CONTEXT_PREFIX}tracing`]: "true",
      [`${CONTEXT_PREFIX}enabledActions`]: '["ecs-rollback-service"]',
    });
    expect(config.alarmNamePrefixes).toEqual(["prod-", "payments-"]);
    expect(config.auditRetentionDays).toBe(30);
    expect(config.tracing).toBe(true);
    expect(config.enabledActions).toEqual(["ecs-rollback-service"]);
  });

  it("names the bad key, the problem and where to fix it", () => {
    expect(() =>
      from({
        [`${CONTEXT_PREFIX}enabledActions`]: "reboot-the-world",
        [`${CONTEXT_PREFIX}logRetentionDays`]: 42,
      }),
    ).toThrowError(/air:enabledActions\.0: .*\n.*air:logRetentionDays: one of .*\n.*cdk\.json/s);
  });

  it("refuses an alarm prefix that would also match the responder's own alarms", () => {
    expect(() => from({ [`${CONTEXT_PREFIX}alarmNamePrefixes`]: "air" })).toThrowError(/respond to itself/);
  });

  it("takes the gate policy as JSON but keeps enabledActions and approvers to their own keys", () => {
    expect(from({ [`${CONTEXT_PREFIX}gatePolicy`]: '{"killSwitch":true}' }).gatePolicy).toEqual({
      killSwitch: true,
    });
    expect(() => from({ [`${CONTEXT_PREFIX}gatePolicy`]: '{"enabledActions":[]}' })).toThrowError(
      /air:gatePolicy: set air:enabledActions/,
    );
  });

  it("OIDC approvers are off by default; a bad hosted-UI prefix or callback URL is refused", () => {
    expect(from({})).toMatchObject({ oidcApprovers: false, oidcDomainPrefix: "", oidcCallbackUrl: "" });
    expect(() => from({ [`${CONTEXT_PREFIX}oidcCallbackUrl`]: "http://plain.example.com/" })).toThrow(
      /air:oidcCallbackUrl: an https:\/\/ URL/,
    );
    expect(() => from({ [`${CONTEXT_PREFIX}oidcDomainPrefix`]: "my-cognito-login" })).toThrow(
      /air:oidcDomainPrefix: may not contain/,
    );
  });

  it("reads the defaults checked into cdk.json", () => {
    expect(() => configFromContext((key) => cdkJsonContext()[key])).not.toThrow();
  });
});
