import { z } from "zod";

/**
 * What a read-only look at an instance's root file system found: how full it is and how much of it the
 * approved cleanup (rotated and compressed files under /var/log/app older than a day) could free. This is
 * the on-call engineer's `du` before deciding between a log cleanup and a bigger volume.
 */
export const DiskUsageSchema = z.object({
  instanceId: z.string(),
  /** Percent of the root file system in use. */
  usedPercent: z.number().min(0).max(100),
  /** Percentage points of the root file system the approved cleanup would free. */
  cleanupReclaimablePercent: z.number().min(0).max(100),
  sizeGb: z.number().positive().optional(),
});
export type DiskUsage = z.infer<typeof DiskUsageSchema>;
