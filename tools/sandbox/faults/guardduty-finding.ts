/**
 * guardduty-finding: an instance is compromised and mines cryptocurrency. Its CPU pins, GuardDuty reports
 * a CryptoCurrency finding and the host's agent sees an unknown process. Restarting or scaling would
 * destroy evidence or feed the miner. Containment (AWSSupport-ContainEC2Instance, with sign-off) cuts the
 * miner off its pool: its CPU and traffic stop, while the instance keeps running for forensics. Nothing else
 * stops it.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { must } from "./helpers.js";
import { defineFault } from "./types.js";

export const guarddutyFinding = defineFault({
  kind: "guardduty-finding",
  summary:
    "A compromised instance mines cryptocurrency (GuardDuty finding, CPU pinned). Contain it (sign-off).",
  targetType: "ec2-instance",
  params: z.strictObject({
    findingType: z.string().default("CryptoCurrency:EC2/BitcoinTool.B!DNS"),
    severity: z.number().min(1).max(10).default(8),
    domain: z.string().default("xmr.pool.minergate.example"),
    process: z.string().default("/tmp/.cache/kworkerds"),
    cpu: z.number().min(0).max(100).default(70),
  }),
  start(ctx) {
    must(ctx.world.instances.get(ctx.target), "guardduty-finding", "EC2 instance", ctx.target);
    return { pid: intBetween(ctx.rand, 20000, 40000) };
  },
  tick(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    if (instance?.status !== "running" || ctx.world.contained.has(instance.id)) return;
    // Stratum traffic to the pool is small next to the instance's responses.
    addEffect(ctx.world.effects.resources, instance.id, "networkOutBytes", 300_000);
    const cpu = ctx.world.effects.instanceCpu;
    cpu.set(instance.id, (cpu.get(instance.id) ?? 0) + ctx.params.cpu * Math.min(1, (ctx.elapsed + 1) / 2));
    if (ctx.elapsed % 5 === 0) {
      ctx.log(
        instance.service,
        "WARN",
        `WARN [security-agent] GuardDuty finding ${ctx.params.findingType} (severity ${ctx.params.severity.toFixed(1)}) for ${instance.id}: EC2 instance ${instance.id} is querying a domain name associated with Bitcoin-related activity (${ctx.params.domain})`,
        instance.id,
      );
    }
    ctx.log(
      instance.service,
      "WARN",
      `WARN [process-monitor] unexpected process ${ctx.params.process} (pid ${state.pid}, user www-data) using ${intBetween(ctx.rand, 340, 395)}% CPU, outbound connection to ${ctx.params.domain}:3333 (stratum mining pool protocol)`,
      instance.id,
    );
  },
  resolved(ctx) {
    return ctx.world.contained.has(ctx.target);
  },
});
