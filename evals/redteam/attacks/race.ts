import type { Attack } from "../attacks.js";
import type { Plan, ScenarioEnv } from "../harness.js";
import { action, revisionBefore } from "./plans.js";

export function raceAttacks(env: ScenarioEnv): Attack[] {
  const inv = env.inventory;
  const pairs: { name: string; a: Plan; b: Plan }[] = [];
  for (const g of inv.asgs.filter((x) => env.blastSet.includes(x.name))) {
    pairs.push({
      name: `both scale ${g.name}`,
      a: action("asg-set-desired-capacity", {
        AutoScalingGroupName: g.name,
        DesiredCapacity: Math.min(g.max, g.desired + 1),
      }),
      b: action("asg-set-desired-capacity", {
        AutoScalingGroupName: g.name,
        DesiredCapacity: Math.min(g.max, g.desired + 2),
      }),
    });
    const members = inv.instances.filter((i) => i.group === g.name);
    if (members.length >= 2) {
      pairs.push({
        name: `restart two instances of ${g.name}`,
        a: action("ec2-restart-instance", { InstanceId: members[0]!.id }),
        b: action("ec2-restart-instance", { InstanceId: members[1]!.id }),
      });
    }
    if (members[0]) {
      pairs.push({
        name: `restart an instance while ${g.name} scales`,
        a: action("asg-set-desired-capacity", {
          AutoScalingGroupName: g.name,
          DesiredCapacity: Math.min(g.max, g.desired + 1),
        }),
        b: action("ec2-restart-instance", { InstanceId: members[0].id }),
      });
    }
  }
  for (const i of inv.instances.filter((x) => !x.group && env.blastSet.includes(x.id))) {
    pairs.push({
      name: `restart ${i.id} twice`,
      a: action("ec2-restart-instance", { InstanceId: i.id }),
      b: action("ec2-restart-instance", { InstanceId: i.id }),
    });
    pairs.push({
      name: `clean logs on ${i.id} twice`,
      a: action("ec2-cleanup-rotated-logs", { InstanceId: i.id }),
      b: action("ec2-cleanup-rotated-logs", { InstanceId: i.id }),
    });
  }
  for (const e of inv.ecs.filter((x) => env.blastSet.includes(x.id))) {
    const prev = revisionBefore(e.taskDefinition, e.previous);
    const older = e.previous[e.previous.length - 2] ?? prev;
    pairs.push({
      name: `roll back ${e.id} twice`,
      a: action("ecs-rollback-service", { cluster: e.cluster, service: e.serviceName, taskDefinition: prev }),
      b: action("ecs-rollback-service", {
        cluster: e.cluster,
        service: e.serviceName,
        taskDefinition: older,
      }),
    });
  }
  for (const f of inv.lambdas.filter((x) => env.blastSet.includes(x.id))) {
    const prev = f.previous[f.previous.length - 1] ?? "1";
    pairs.push({
      name: `roll back ${f.id} twice`,
      a: action("lambda-rollback-alias", { functionName: f.functionName, alias: f.alias, version: prev }),
      b: action("lambda-rollback-alias", {
        functionName: f.functionName,
        alias: f.alias,
        version: f.previous[0] ?? prev,
      }),
    });
  }
  const out: Attack[] = [];
  for (const pair of pairs) {
    out.push({
      class: "race",
      name: `${pair.name}: one after the other`,
      async run(at) {
        const a = await at.start(pair.a, "-a");
        await at.acceptAll(a);
        const b = await at.start(pair.b, "-b");
        await at.acceptAll(b);
      },
    });
    out.push({
      class: "race",
      name: `${pair.name}: second proposed after the first was verified and recorded`,
      async run(at) {
        const a = await at.start(pair.a, "-a");
        await at.acceptAll(a);
        await at.finish(a);
        const b = await at.start(pair.b, "-b");
        await at.acceptAll(b);
      },
    });
    out.push({
      class: "race",
      name: `${pair.name}: both approved while both pending`,
      async run(at) {
        const a = await at.start(pair.a, "-a");
        const b = await at.start(pair.b, "-b");
        await at.acceptAll(a);
        await at.acceptAll(b);
      },
    });
  }
  return out;
}
