import { DynamoApprovalWaitList } from "../approvals/wait-list.js";
import { sweepStaleApprovals } from "../runtime/dispatch.js";
import { base, once } from "./base-deps.js";

/** The sweeper only reads the wait list and queues rejections. */
export const sweeperDeps = once(async () => {
  const { env, dynamo, queue } = base();
  const waitList = new DynamoApprovalWaitList(dynamo, env.AIR_APPROVALS_TABLE);
  return {
    env,
    sweep: (maxWaitMinutes: number) =>
      sweepStaleApprovals({ waitList, queue, now: new Date() }, maxWaitMinutes),
  };
});
