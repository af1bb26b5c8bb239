/**
 * WAF IP set block/restore and IAM policy re-attach through the live adapter (SDK clients mocked). Response
 * shapes follow the WAFv2 and IAM API references (GetIPSet: IPSet + LockToken; UpdateIPSet: NextLockToken).
 */
import { AttachRolePolicyCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import { GetIPSetCommand, UpdateIPSetCommand } from "@aws-sdk/client-wafv2";
import { awsError } from "../test-support.js";
import { IP_SET_ATTEMPTS } from "./api-calls-access.js";
import { decodeExecutionId } from "./execution-id.js";
import { mocks, refusal, resetMocks, run } from "./test-support.js";

beforeEach(resetMocks);

const SET_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const ipSet = (addresses: string[], lock = "lock-1", version: "IPV4" | "IPV6" = "IPV4") => ({
  IPSet: {
    Name: "edge-blocklist",
    Id: SET_ID,
    ARN: `arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/edge-blocklist/${SET_ID}`,
    Description: "sources blocked at the edge",
    IPAddressVersion: version,
    Addresses: addresses,
  },
  LockToken: lock,
});
const block = (AddAddresses: string) =>
  run("waf-block-ip-set", "wafv2:UpdateIPSet", {
    Name: "edge-blocklist",
    Id: SET_ID,
    Scope: "REGIONAL",
    AddAddresses,
  });
const restore = (Addresses: string[]) =>
  run("waf-restore-ip-set", "wafv2:UpdateIPSet", {
    Name: "edge-blocklist",
    Id: SET_ID,
    Scope: "REGIONAL",
    Addresses,
  });

describe("wafv2:UpdateIPSet (block)", () => {
  it("merges the new sources into what the set holds, with the lock token, keeping the description", async () => {
    mocks.wafv2.on(GetIPSetCommand).resolves(ipSet(["192.0.2.0/24"]));
    mocks.wafv2.on(UpdateIPSetCommand).resolves({ NextLockToken: "lock-2" });
    const execution = await block("203.0.113.7/32, 198.51.100.0/24,192.0.2.0/24");
    expect(mocks.wafv2.commandCalls(UpdateIPSetCommand)[0]?.args[0].input).toEqual({
      Name: "edge-blocklist",
      Id: SET_ID,
      Scope: "REGIONAL",
      Addresses: ["192.0.2.0/24", "203.0.113.7/32", "198.51.100.0/24"],
      LockToken: "lock-1",
      // UpdateIPSet replaces every mutable field: an omitted description would be erased.
      Description: "sources blocked at the edge",
    });
    expect(execution).toMatchObject({ status: "Success" });
    expect(execution.output).toMatch(/2 address\(es\) added/);
    expect(decodeExecutionId(execution.executionId)).toMatchObject({ kind: "api", target: "edge-blocklist" });
  });

  it("writes nothing when every address is already blocked (a repeat after a crash)", async () => {
    mocks.wafv2.on(GetIPSetCommand).resolves(ipSet(["203.0.113.7/32"]));
    const execution = await block("203.0.113.7/32");
    expect(mocks.wafv2.commandCalls(UpdateIPSetCommand)).toHaveLength(0);
    expect(execution).toMatchObject({ status: "Success" });
    expect(execution.output).toMatch(/already blocks/);
  });

  it("re-reads and recomputes after WAFOptimisticLockException, keeping the other writer's addresses", async () => {
    mocks.wafv2
      .on(GetIPSetCommand)
      .resolvesOnce(ipSet(["192.0.2.0/24"], "lock-1"))
      .resolves(ipSet(["192.0.2.0/24", "198.51.100.9/32"], "lock-2"));
    mocks.wafv2
      .on(UpdateIPSetCommand)
      .rejectsOnce(awsError("WAFOptimisticLockException", "the entity changed since you retrieved it"))
      .resolves({ NextLockToken: "lock-3" });
    await block("203.0.113.7/32");
    const updates = mocks.wafv2.commandCalls(UpdateIPSetCommand);
    expect(updates).toHaveLength(2);
    expect(updates[1]?.args[0].input).toMatchObject({
      LockToken: "lock-2",
      Addresses: ["192.0.2.0/24", "198.51.100.9/32", "203.0.113.7/32"],
    });
  });

  it("gives up after a bounded number of lock conflicts with a retryable error (nothing written)", async () => {
    mocks.wafv2.on(GetIPSetCommand).resolves(ipSet([]));
    mocks.wafv2.on(UpdateIPSetCommand).rejects(awsError("WAFOptimisticLockException"));
    await expect(block("203.0.113.7/32")).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(/changed under every one of 3 read-and-write attempts/),
    });
    expect(mocks.wafv2.commandCalls(GetIPSetCommand)).toHaveLength(IP_SET_ATTEMPTS);
  });

  it("refuses an IPv6 set, a set that would exceed WAF's limit, and wide or malformed sources", async () => {
    mocks.wafv2.on(GetIPSetCommand).resolves(ipSet([], "l", "IPV6"));
    await expect(block("203.0.113.7/32")).rejects.toThrow(/holds IPV6 addresses; only IPv4/);
    mocks.wafv2
      .on(GetIPSetCommand)
      .resolves(ipSet(Array.from({ length: 10_000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/32`)));
    await expect(block("203.0.113.7/32")).rejects.toThrow(/would hold 10001 addresses; WAF allows 10000/);
    expect(mocks.wafv2.commandCalls(UpdateIPSetCommand)).toHaveLength(0);
    const base = { Name: "edge-blocklist", Id: SET_ID, Scope: "REGIONAL" };
    expect(refusal("wafv2:UpdateIPSet", { ...base, AddAddresses: "0.0.0.0/0" })).toMatch(/InvalidParameters/);
    expect(refusal("wafv2:UpdateIPSet", { ...base, AddAddresses: "10.0.0.0/8" })).toMatch(
      /InvalidParameters/,
    );
    expect(
      refusal("wafv2:UpdateIPSet", { ...base, Scope: "CLOUDFRONT", AddAddresses: "203.0.113.7/32" }),
    ).toMatch(/InvalidParameters/);
    expect(
      refusal("wafv2:UpdateIPSet", { ...base, Name: "arn:aws:wafv2:x", AddAddresses: "203.0.113.7/32" }),
    ).toMatch(/InvalidParameters/);
  });

  it("reports a missing IP set as not found (the start is refused, nothing retried)", async () => {
    mocks.wafv2.on(GetIPSetCommand).rejects(awsError("WAFNonexistentItemException", "not found"));
    await expect(block("203.0.113.7/32")).rejects.toMatchObject({ kind: "not-found" });
  });
});

describe("wafv2:UpdateIPSet (restore)", () => {
  it("writes the recorded list back", async () => {
    mocks.wafv2.on(GetIPSetCommand).resolves(ipSet(["192.0.2.0/24", "203.0.113.7/32"]));
    mocks.wafv2.on(UpdateIPSetCommand).resolves({ NextLockToken: "lock-2" });
    await restore(["192.0.2.0/24"]);
    expect(mocks.wafv2.commandCalls(UpdateIPSetCommand)[0]?.args[0].input).toMatchObject({
      Addresses: ["192.0.2.0/24"],
      LockToken: "lock-1",
    });
  });

  it("writes nothing when the set already holds the recorded list (in any order)", async () => {
    mocks.wafv2.on(GetIPSetCommand).resolves(ipSet(["203.0.113.7/32", "192.0.2.0/24"]));
    const execution = await restore(["192.0.2.0/24", "203.0.113.7/32"]);
    expect(mocks.wafv2.commandCalls(UpdateIPSetCommand)).toHaveLength(0);
    expect(execution.output).toMatch(/already holds/);
  });
});

describe("iam:AttachRolePolicy", () => {
  const policy = "arn:aws:iam::123456789012:policy/orders-read";

  it("attaches the recorded policy; a repeat is the same no-op AWS reports as success", async () => {
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    const first = await run("iam-reattach-role-policy", "iam:AttachRolePolicy", {
      RoleName: "orders-task",
      PolicyArn: policy,
    });
    const again = await run("iam-reattach-role-policy", "iam:AttachRolePolicy", {
      RoleName: "orders-task",
      PolicyArn: policy,
    });
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand)[0]?.args[0].input).toEqual({
      RoleName: "orders-task",
      PolicyArn: policy,
    });
    expect(first).toMatchObject({ status: "Success" });
    expect(again).toMatchObject({ status: "Success" });
  });

  it("never attaches administrator-level policies, and refuses ARNs for the role", () => {
    for (const name of ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"]) {
      expect(
        refusal("iam:AttachRolePolicy", {
          RoleName: "orders-task",
          PolicyArn: `arn:aws:iam::aws:policy/${name}`,
        }),
      ).toMatch(/never attaches/);
    }
    expect(refusal("iam:AttachRolePolicy", { RoleName: "arn:aws:iam::1:role/x", PolicyArn: policy })).toMatch(
      /RoleName/,
    );
  });

  it("resolves a policy named by the catalogue in the role's own account and partition, or AWS's", async () => {
    mocks.iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: "orders-task",
        Arn: "arn:aws:iam::123456789012:role/orders-task",
        Path: "/",
        RoleId: "AROAEXAMPLE",
        CreateDate: new Date(0),
      },
    });
    mocks.iam.on(AttachRolePolicyCommand).resolves({});
    await run("iam-reattach-role-policy", "iam:AttachRolePolicy", {
      RoleName: "orders-task",
      PolicyName: "orders-read",
      Scope: "Local",
    });
    await run("iam-reattach-role-policy", "iam:AttachRolePolicy", {
      RoleName: "orders-task",
      PolicyName: "AWSLambdaBasicExecutionRole",
      Scope: "AWS",
      PolicyPath: "/service-role/",
    });
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand).map((c) => c.args[0].input.PolicyArn)).toEqual([
      policy,
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ]);
    expect(
      refusal("iam:AttachRolePolicy", {
        RoleName: "orders-task",
        PolicyName: "AdministratorAccess",
        Scope: "AWS",
      }),
    ).toMatch(/never attaches/);
    expect(
      refusal("iam:AttachRolePolicy", { RoleName: "orders-task", PolicyName: "x", PolicyPath: "/../" }),
    ).toMatch(/path/);
  });

  it("maps IAM's refusals to clear, non-retried failures", async () => {
    mocks.iam.on(AttachRolePolicyCommand).rejects(awsError("LimitExceededException", "Cannot exceed quota"));
    await expect(
      run("iam-reattach-role-policy", "iam:AttachRolePolicy", { RoleName: "orders-task", PolicyArn: policy }),
    ).rejects.toMatchObject({ kind: "invalid", message: expect.stringMatching(/detach one first/) });
    mocks.iam.on(AttachRolePolicyCommand).rejects(awsError("NoSuchEntityException", "role not found"));
    await expect(
      run("iam-reattach-role-policy", "iam:AttachRolePolicy", { RoleName: "orders-task", PolicyArn: policy }),
    ).rejects.toMatchObject({ kind: "not-found" });
  });
});
