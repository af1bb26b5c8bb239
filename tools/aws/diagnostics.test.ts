import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { DISK_USAGE_COMMANDS, parseDiskUsage, SsmDiagnostics } from "./diagnostics.js";

const ssm = mockClient(SSMClient);
const client = new SSMClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "a", secretAccessKey: "b" },
});
const clock = { now: () => new Date("2025-05-01T03:00:00Z"), sleep: async () => {} };
const OUTPUT = "air: used-percent 93\nair: size-kb 209715200\nair: reclaimable-kb 3145728\n";

describe("read-only disk report through Run Command", () => {
  beforeEach(() => ssm.reset());

  it("parses the report: use, size and what the cleanup would free", () => {
    const usage = parseDiskUsage("i-0abc12345678", OUTPUT);
    expect(usage?.usedPercent).toBe(93);
    expect(usage?.cleanupReclaimablePercent).toBeCloseTo(1.5, 5);
    expect(usage?.sizeGb).toBe(200);
    expect(parseDiskUsage("i-0abc12345678", "air: used-percent 93\n")).toBeUndefined();
  });

  it("sends the fixed script (nothing interpolated, nothing deleted) and waits for its output", async () => {
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "c-1" } });
    ssm
      .on(GetCommandInvocationCommand)
      .rejectsOnce(Object.assign(new Error("not yet"), { name: "InvocationDoesNotExist" }))
      .resolvesOnce({ Status: "InProgress" })
      .resolves({ Status: "Success", StandardOutputContent: OUTPUT });
    const usage = await new SsmDiagnostics(client, clock).diskUsage("i-0abc12345678");
    expect(usage?.usedPercent).toBe(93);
    const sent = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(sent?.DocumentName).toBe("AWS-RunShellScript");
    expect(sent?.Parameters?.commands).toEqual([...DISK_USAGE_COMMANDS]);
    expect(DISK_USAGE_COMMANDS.join("\n")).not.toMatch(/-delete|\brm\b/);
  });

  it("no permission, no agent or a bad id is 'no evidence', not a failed run", async () => {
    ssm.on(SendCommandCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    expect(await new SsmDiagnostics(client, clock).diskUsage("i-0abc12345678")).toBeUndefined();
    expect(await new SsmDiagnostics(client, clock).diskUsage("i-0abc; rm -rf /")).toBeUndefined();
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(1);
  });
});
