import { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { automationRoleOptions, retrieverOptions } from "./worker-options.js";

const base = { AIR_KNOWLEDGE_PREFIX: "runbooks/" };

describe("the worker reads what the stack sets", () => {
  it("AIR_SSM_AUTOMATION_ROLES: one role per Automation document", () => {
    const roles = { "AWS-RestartEC2Instance": "arn:aws:iam::111122223333:role/restart" };
    expect(automationRoleOptions({ ...base, AIR_SSM_AUTOMATION_ROLES: JSON.stringify(roles) })).toEqual({
      automationRoles: roles,
    });
    expect(() =>
      automationRoleOptions({ ...base, AIR_SSM_AUTOMATION_ROLES: '{"AWS-X":"not-an-arn"}' }),
    ).toThrow(/AIR_SSM_AUTOMATION_ROLES must map Automation document names to role ARNs/);
    expect(() => automationRoleOptions({ ...base, AIR_SSM_AUTOMATION_ROLES: "{" })).toThrow(
      /AIR_SSM_AUTOMATION_ROLES is not valid JSON/,
    );
  });

  it("AIR_KNOWLEDGE_BASE_ID: the retriever searches the Knowledge Base", () => {
    const s3 = new S3Client({ region: "eu-west-1" });
    const withKb = retrieverOptions({ ...base, AIR_KNOWLEDGE_BASE_ID: "KB12345678" }, "eu-west-1", s3);
    expect(withKb.knowledgeBase).toBeDefined();
    expect(retrieverOptions(base, "eu-west-1", s3).knowledgeBase).toBeUndefined();
  });
});
