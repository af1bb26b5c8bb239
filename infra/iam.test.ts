/**
 * Walks every policy statement in the synthesized template: identity policies (role inline and attached
 * policies) and resource policies (bucket, queue, topic, key). A wildcard is allowed only where
 * `iam-wildcards.ts` lists it with its reason, for the actions it names.
 */

import type { Template } from "aws-cdk-lib/assertions";
import { LIVE_ACTION_IDS } from "./config.js";
import {
  flattenCfnReference,
  NO_RESOURCE_LEVEL_ACTIONS,
  type PolicyStatementJson,
  RESOURCE_POLICY_ALLOWANCES,
  WILDCARD_ALLOWANCES,
  wildcardFindings,
} from "./iam-wildcards.js";
import { synthStack } from "./test-support.js";

interface Located extends PolicyStatementJson {
  /** `LogicalId (Type)` of the policy holding the statement. */
  where: string;
  Principal?: unknown;
  Sid?: string;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
type Doc = { Statement?: Located[] };

function identityStatements(template: Template): Located[] {
  const out: Located[] = [];
  for (const [id, r] of Object.entries(template.toJSON().Resources as Resources)) {
    const docs: unknown[] = [];
    if (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy")
      docs.push(r.Properties?.PolicyDocument);
    if (r.Type === "AWS::IAM::Role") {
      for (const p of list(r.Properties?.Policies as { PolicyDocument: unknown }[]))
        docs.push(p.PolicyDocument);
    }
    for (const doc of docs) {
      for (const s of list((doc as Doc).Statement)) out.push({ ...s, where: `${id} (${r.Type})` });
    }
  }
  return out;
}

const RESOURCE_POLICY_PROPERTY: Record<string, string> = {
  "AWS::S3::BucketPolicy": "PolicyDocument",
  "AWS::SQS::QueuePolicy": "PolicyDocument",
  "AWS::SNS::TopicPolicy": "PolicyDocument",
  "AWS::KMS::Key": "KeyPolicy",
};

function resourcePolicyStatements(template: Template): Located[] {
  const out: Located[] = [];
  for (const [id, r] of Object.entries(template.toJSON().Resources as Resources)) {
    const property = RESOURCE_POLICY_PROPERTY[r.Type];
    if (!property) continue;
    for (const s of list((r.Properties?.[property] as Doc | undefined)?.Statement))
      out.push({ ...s, where: `${id} (${r.Type})` });
  }
  return out;
}

const describeStatement = (s: Located) =>
  `${s.where} ${s.Sid ?? ""}: ${list(s.Action).join(",")} on ${list(s.Resource).map(flattenCfnReference).join(",")}`;

// The default configuration, and one with every optional permission switched on.
const configurations = {
  default: synthStack({ bundle: false }),
  "everything on": synthStack({
    bundle: false,
    context: {
      "air:tracing": true,
      "air:knowledgeBaseId": "KB12345678",
      "air:ebsKmsKeyArns": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "air:logGroupPrefixes": "/aws/lambda/,/ecs/",
      "air:enabledActions": LIVE_ACTION_IDS.join(","),
    },
  }),
};

describe.each(Object.entries(configurations))("IAM scoping (%s configuration)", (_name, { template }) => {
  const identity = identityStatements(template);
  const resourcePolicies = resourcePolicyStatements(template);

  it("finds the policies it walks", () => {
    expect(identity.length).toBeGreaterThan(40);
    expect(resourcePolicies.length).toBeGreaterThan(10);
  });

  it("grants no action wildcard (no `*`, no `service:*`, no `Get*`)", () => {
    const offenders = identity
      .filter((s) => s.Effect === "Allow" && list(s.Action).some((a) => a.includes("*")))
      .map(describeStatement);
    expect(offenders).toEqual([]);
  });

  it("uses a wildcard resource only where iam-wildcards.ts acknowledges it, for the actions it names", () => {
    const unacknowledged = identity.flatMap((s) =>
      wildcardFindings(s)
        .filter((f) => f.allowance === undefined)
        .map((f) => `${describeStatement(s)} [${f.finding}]`),
    );
    expect(unacknowledged).toEqual([]);
  });

  it("uses Resource '*' only for actions that support no resource-level permissions", () => {
    const offenders = identity
      .filter((s) => s.Effect === "Allow" && list(s.Resource).includes("*"))
      .flatMap((s) =>
        list(s.Action)
          .filter((a) => !(a in NO_RESOURCE_LEVEL_ACTIONS))
          .map((a) => `${s.where}: ${a}`),
      );
    expect(offenders).toEqual([]);
  });

  it("changes resources only under the managed-tag condition", () => {
    const mutating = ["ec2:StartInstances", "ec2:StopInstances", "ecs:UpdateService", "lambda:UpdateAlias"];
    const offenders = identity
      .filter((s) => s.Effect === "Allow")
      .filter(
        (s) =>
          list(s.Action).some((a) => mutating.includes(a) || a === "autoscaling:SetDesiredCapacity") ||
          (list(s.Action).includes("ssm:SendCommand") &&
            list(s.Resource)
              .map(flattenCfnReference)
              .some((r) => r.includes(":instance/"))),
      )
      .filter((s) => {
        const keys = Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c));
        return !keys.some((k) => k === "aws:ResourceTag/air:managed" || k === "ssm:resourceTag/air:managed");
      })
      .map(describeStatement);
    expect(offenders).toEqual([]);
  });

  it("passes roles only to SSM (runbook roles) and EventBridge Scheduler (the wake-up role)", () => {
    const passRole = identity.filter((s) => s.Effect === "Allow" && list(s.Action).includes("iam:PassRole"));
    expect(passRole.length).toBeGreaterThan(0);
    for (const s of passRole) {
      const to = s.Condition?.StringEquals?.["iam:PassedToService"];
      expect(["ssm.amazonaws.com", "scheduler.amazonaws.com"]).toContain(to);
      expect(list(s.Resource).some((r) => flattenCfnReference(r).includes("*"))).toBe(false);
      if (to === "scheduler.amazonaws.com") {
        expect(list(s.Resource).map(flattenCfnReference)).toEqual([
          expect.stringMatching(/^<WakeupsSchedulerRole[A-F0-9]+\.Arn>$/),
        ]);
      }
    }
  });

  it("wake-ups: the worker creates schedules in its group only; Scheduler may only send to the work queue", () => {
    const create = identity.filter((s) => list(s.Action).includes("scheduler:CreateSchedule"));
    expect(create.map((s) => s.where)).toEqual([expect.stringMatching(/^FunctionsWorkerRole/)]);
    for (const s of create) {
      expect(list(s.Action)).toEqual(["scheduler:CreateSchedule"]);
      expect(list(s.Resource).map(flattenCfnReference)).toEqual([
        expect.stringMatching(
          /:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/AirResponder-Wakeups-Group-[A-Za-z0-9]+\/\*$/,
        ),
      ]);
    }
    const schedulerRole = identity.filter((s) => s.where.startsWith("WakeupsSchedulerRole"));
    expect(schedulerRole.map((s) => [list(s.Action), list(s.Resource).map(flattenCfnReference)])).toEqual([
      [["sqs:SendMessage"], [expect.stringMatching(/^<QueuesRunQueue[A-F0-9]+\.Arn>$/)]],
    ]);
  });

  it("attaches no AWS managed policies (each function logs only to its own log group)", () => {
    for (const [, r] of Object.entries(template.findResources("AWS::IAM::Role"))) {
      expect(r.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("resource policies: wildcards only where acknowledged, never an anonymous Allow", () => {
    const offenders = resourcePolicies.flatMap((s) =>
      wildcardFindings(s, RESOURCE_POLICY_ALLOWANCES)
        .filter((f) => f.allowance === undefined)
        .map((f) => `${describeStatement(s)} [${f.finding}]`),
    );
    expect(offenders).toEqual([]);
    const anonymous = resourcePolicies.filter(
      (s) => s.Effect === "Allow" && (s.Principal === "*" || JSON.stringify(s.Principal) === '{"AWS":"*"}'),
    );
    expect(anonymous.map(describeStatement)).toEqual([]);
  });

  it("lets anyone invoke only the approval URL (auth NONE: the signed token is the check)", () => {
    const open = Object.values(template.findResources("AWS::Lambda::Permission")).filter(
      (p) => p.Properties?.Principal === "*",
    );
    expect(open.length).toBeGreaterThan(0);
    for (const p of open) {
      const props = p.Properties as Record<string, unknown>;
      expect(props.FunctionUrlAuthType === "NONE" || props.InvokedViaFunctionUrl === true).toBe(true);
      expect(JSON.stringify(props.FunctionName)).toContain("ApprovalFunction");
    }
  });
});

describe("the wildcard registry", () => {
  it("gives every allowance a reason and an explicit action list", () => {
    for (const a of [...WILDCARD_ALLOWANCES, ...RESOURCE_POLICY_ALLOWANCES]) {
      expect(a.reason.length).toBeGreaterThan(20);
      expect(a.actions.length).toBeGreaterThan(0);
    }
  });

  it("has no stale entries: each one covers a statement of some configuration", () => {
    const all = Object.values(configurations);
    const used = new Set(
      all.flatMap(({ template }) => [
        ...identityStatements(template).flatMap((s) => wildcardFindings(s).map((f) => f.allowance)),
        ...resourcePolicyStatements(template).flatMap((s) =>
          wildcardFindings(s, RESOURCE_POLICY_ALLOWANCES).map((f) => f.allowance),
        ),
      ]),
    );
    const stale = [...WILDCARD_ALLOWANCES, ...RESOURCE_POLICY_ALLOWANCES].filter((a) => !used.has(a));
    expect(stale.map((a) => `${a.finding} (${a.actions.join(",")})`)).toEqual([]);
  });

  it("pins Bedrock to explicit Regions when configured (no wildcard left)", () => {
    const { template } = synthStack({
      bundle: false,
      context: { "air:bedrockModelRegions": "us-east-1,us-east-2,us-west-2" },
    });
    const bedrock = identityStatements(template).filter((s) =>
      list(s.Action).some((a) => a.startsWith("bedrock:Invoke")),
    );
    expect(bedrock).toHaveLength(2);
    for (const s of bedrock) expect(list(s.Resource).map(flattenCfnReference).join()).not.toContain("*");
  });

  it("grants no Bedrock access in rules mode", () => {
    const { template } = synthStack({ bundle: false, context: { "air:bedrockModelId": "" } });
    expect(JSON.stringify(template.toJSON())).not.toContain("bedrock:");
  });
});
