import { linkLifetimeSeconds, SignedApprovalLinks } from "../approvals/links.js";
import type { LambdaEnv } from "./env.js";

/** The worker's approval links: signed against the function URL, valid for as long as an approval may wait. */
export function approvalLinksFromEnv(
  env: Pick<LambdaEnv, "AIR_APPROVAL_URL" | "AIR_APPROVAL_MAX_WAIT_MINUTES">,
  secret: string,
  now?: () => Date,
): SignedApprovalLinks | undefined {
  if (!env.AIR_APPROVAL_URL) return undefined;
  return new SignedApprovalLinks({
    secret,
    baseUrl: env.AIR_APPROVAL_URL,
    ttlSeconds: linkLifetimeSeconds(env.AIR_APPROVAL_MAX_WAIT_MINUTES),
    ...(now ? { now } : {}),
  });
}
