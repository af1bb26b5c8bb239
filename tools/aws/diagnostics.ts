/**
 * Read-only diagnostics through SSM Run Command: a fixed script (no input is ever put into it) that reports
 * the root file system's use and how much the approved log cleanup could free. It runs with the same grant
 * as the cleanup (`ssm:SendCommand` on AWS-RunShellScript, tagged instances only); when that grant, the SSM
 * agent or the instance is missing, the answer is "no evidence" (undefined), never an error for the run.
 */
import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { DiskUsage } from "../domain/index.js";
import type { ClockPort, DiagnosticsPort } from "../ports.js";

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** The disk report: three `air:` lines; finds the same files the cleanup script would delete, deletes nothing. */
export const DISK_USAGE_COMMANDS: readonly string[] = Object.freeze([
  "set -eu",
  'df -Pk / | awk \'NR==2 {sub("%","",$5); print "air: used-percent " $5; print "air: size-kb " $2}\'',
  "if [ -d /var/log/app ] && [ ! -L /var/log/app ]; then find /var/log/app -xdev -type f \\( -name '*.gz' -o -name '*.[0-9]' \\) -mtime +1 -printf '%k\\n' | awk '{s+=$1} END {print \"air: reclaimable-kb \" s+0}'; else echo 'air: reclaimable-kb 0'; fi",
]);

const DONE_WITHOUT_ANSWER = new Set(["Failed", "Cancelled", "TimedOut", "Cancelling"]);

/** Reads the script's output; undefined when a line is missing or not a number. */
export function parseDiskUsage(instanceId: string, output: string): DiskUsage | undefined {
  const read = (key: string) => {
    const m = output.match(new RegExp(`^air: ${key} (\\d+(?:\\.\\d+)?)$`, "m"));
    return m ? Number(m[1]) : undefined;
  };
  const used = read("used-percent");
  const sizeKb = read("size-kb");
  const reclaimableKb = read("reclaimable-kb");
  if (used === undefined || !sizeKb || reclaimableKb === undefined) return undefined;
  return {
    instanceId,
    usedPercent: Math.min(100, used),
    cleanupReclaimablePercent: Math.min(100, (reclaimableKb / sizeKb) * 100),
    sizeGb: sizeKb / 1024 / 1024,
  };
}

export interface SsmDiagnosticsOptions {
  /** Wait between status reads (ms). */
  pollMs?: number;
  /** Status reads before giving up. */
  attempts?: number;
}

export class SsmDiagnostics implements DiagnosticsPort {
  constructor(
    private readonly client: SSMClient,
    private readonly clock: ClockPort,
    private readonly options: SsmDiagnosticsOptions = {},
  ) {}

  async diskUsage(instanceId: string): Promise<DiskUsage | undefined> {
    if (!INSTANCE_ID.test(instanceId)) return undefined;
    try {
      const sent = await this.client.send(
        new SendCommandCommand({
          DocumentName: "AWS-RunShellScript",
          InstanceIds: [instanceId],
          Parameters: { commands: [...DISK_USAGE_COMMANDS] },
          TimeoutSeconds: 60,
          Comment: "air: disk usage report (read-only)",
        }),
      );
      const commandId = sent.Command?.CommandId;
      if (!commandId) return undefined;
      for (let i = 0; i < (this.options.attempts ?? 10); i++) {
        await this.clock.sleep(this.options.pollMs ?? 2000);
        try {
          const inv = await this.client.send(
            new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
          );
          if (inv.Status === "Success") return parseDiskUsage(instanceId, inv.StandardOutputContent ?? "");
          if (inv.Status && DONE_WITHOUT_ANSWER.has(inv.Status)) return undefined;
        } catch (err) {
          // The invocation may not be visible yet right after SendCommand (eventual consistency).
          if ((err as { name?: string }).name !== "InvocationDoesNotExist") throw err;
        }
      }
      return undefined;
    } catch {
      return undefined;
    }
  }
}
