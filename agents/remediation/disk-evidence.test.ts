/**
 * Which disk fix applies is decided from what fills the disk (a read-only `du`, the diagnostics port), not
 * from log wording: the log cleanup only where rotated logs are the bulk, a bigger volume only where they
 * are not. Before this, a data-growth disk whose lines were reworded got the automatic cleanup, and a log-
 * filled disk could get an irreversible volume grow.
 */
import { describe, expect, it } from "vitest";
import type { Ports } from "../../tools/ports.js";
import { worldAtAlarm } from "../shared/test-support.js";
import { preCheck } from "./pre-checks.js";

async function diskCase(name: string, instanceId: string) {
  const { ports } = await worldAtAlarm(name);
  const target = await ports.resources.describe(instanceId);
  if (!target) throw new Error(`${instanceId} not found`);
  return { ports, target };
}

describe("disk actions are checked against what fills the disk", () => {
  it("data growth: the log cleanup is refused (it frees too little), the volume grow is not", async () => {
    const { ports, target } = await diskCase("disk-full-data-growth", "i-0e1d2c3b4a5968778");
    expect(await preCheck(ports, "ec2-cleanup-rotated-logs", target)).toMatch(/leaves it \d+% full/);
    expect(await preCheck(ports, "ebs-extend-volume", target)).toBeUndefined();
  });

  it("rotated logs: the cleanup passes, the irreversible volume grow is refused", async () => {
    const { ports, target } = await diskCase("disk-full-logs", "i-0f3e2d1c0b9a87654");
    expect(await preCheck(ports, "ec2-cleanup-rotated-logs", target)).toBeUndefined();
    expect(await preCheck(ports, "ebs-extend-volume", target)).toMatch(/not needed/);
  });

  it("without a diagnostics port there is no evidence either way, so neither check objects", async () => {
    const { ports, target } = await diskCase("disk-full-data-growth", "i-0e1d2c3b4a5968778");
    const blind: Ports = { ...ports, diagnostics: undefined };
    expect(await preCheck(blind, "ec2-cleanup-rotated-logs", target)).toBeUndefined();
    expect(await preCheck(blind, "ebs-extend-volume", target)).toBeUndefined();
  });
});
