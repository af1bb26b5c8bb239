/**
 * The approved Run Command scripts: the only shell that can ever run, fixed here in code. A script takes no
 * input: request parameters choose the target instance and are never put into the script text.
 */

export interface ApprovedScript {
  id: string;
  description: string;
  /** AWS-RunShellScript `commands`, one line each, run as root by the SSM agent. */
  commands: readonly string[];
  /** Request parameters allowed: the target only. */
  parameters: readonly string[];
  /** Seconds before the agent kills the script. */
  timeoutSeconds: number;
}

/**
 * Rotated (`*.1`… and `*.gz`) regular files under /var/log/app older than a day. The name tests are grouped
 * in parentheses so `-mtime` and `-delete` apply to both; `-xdev` keeps to one file system; find does not
 * follow symlinks; a missing or symlinked directory is left alone.
 */
const cleanupRotatedLogs: ApprovedScript = {
  id: "cleanup-rotated-logs",
  description: "Delete rotated and compressed files under /var/log/app older than one day",
  commands: [
    "set -eu",
    "if [ ! -d /var/log/app ] || [ -L /var/log/app ]; then echo 'air: /var/log/app is missing or a symlink; nothing done'; exit 0; fi",
    "echo \"air: before: $(df -P /var/log/app | awk 'NR==2 {print $5}') used\"",
    "echo \"air: deleted $(find /var/log/app -xdev -type f \\( -name '*.gz' -o -name '*.[0-9]' \\) -mtime +1 -print -delete | wc -l) rotated file(s)\"",
    "echo \"air: after: $(df -P /var/log/app | awk 'NR==2 {print $5}') used\"",
  ],
  parameters: ["InstanceId"],
  timeoutSeconds: 600,
};

export const APPROVED_SCRIPTS: Readonly<Record<string, ApprovedScript>> = Object.freeze({
  [cleanupRotatedLogs.id]: cleanupRotatedLogs,
});

export function approvedScript(scriptId: string): ApprovedScript | undefined {
  return Object.hasOwn(APPROVED_SCRIPTS, scriptId) ? APPROVED_SCRIPTS[scriptId] : undefined;
}
