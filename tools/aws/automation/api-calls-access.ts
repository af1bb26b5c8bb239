/**
 * Access changes through a single control-plane call: a WAF IP set's addresses (block a flood's sources, or
 * restore the recorded list) and a managed policy re-attached to an IAM role. Both are safe to repeat: the
 * IP set is written to an absolute list computed from what it holds now (nothing written when it already
 * holds it), and attaching a policy a role already has changes nothing.
 */
import { AttachRolePolicyCommand, GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import { GetIPSetCommand, UpdateIPSetCommand, type WAFV2Client } from "@aws-sdk/client-wafv2";
import { AwsAdapterError, awsCall, isAwsError } from "../../aws-shared/errors.js";
import { invalid, NEVER_ATTACH_POLICY } from "./api-call-schemas.js";

export type IpSetChange =
  | { Name: string; Id: string; Scope: "REGIONAL"; AddAddresses: string }
  | { Name: string; Id: string; Scope: "REGIONAL"; Addresses: string[] };

/** WAF's limit on addresses in one IP set. */
const MAX_ADDRESSES = 10_000;
/** Reads and writes tried when another writer keeps changing the set between our read and our write. */
export const IP_SET_ATTEMPTS = 3;

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = new Set(a);
  return x.size === new Set(b).size && b.every((v) => x.has(v));
};

/**
 * GetIPSet for the addresses and the lock token, then UpdateIPSet with the whole new list (the call replaces
 * every mutable field, so the set's description is sent back unchanged). A WAFOptimisticLockException means
 * the set changed after the read: read again and recompute, at most IP_SET_ATTEMPTS times.
 */
export async function updateIpSet(
  waf: WAFV2Client,
  p: IpSetChange,
): Promise<{ target: string; output: string }> {
  const op = "wafv2:UpdateIPSet";
  const resource = `WAF IP set ${p.Name} (${p.Id})`;
  const region = () => waf.config.region();
  for (let attempt = 1; ; attempt++) {
    const got = await awsCall({ action: "wafv2:GetIPSet", resource, region }, () =>
      waf.send(new GetIPSetCommand({ Name: p.Name, Id: p.Id, Scope: p.Scope })),
    );
    const set = got.IPSet;
    if (!set || !got.LockToken) throw invalid(op, resource, "GetIPSet returned no IP set or lock token");
    if (set.IPAddressVersion !== "IPV4") {
      throw invalid(
        op,
        resource,
        `the set holds ${set.IPAddressVersion} addresses; only IPv4 sets are changed`,
      );
    }
    const current = set.Addresses ?? [];
    let wanted: string[];
    let what: string;
    if ("AddAddresses" in p) {
      const adding = [...new Set(p.AddAddresses.split(",").map((a) => a.trim()))];
      const fresh = adding.filter((a) => !current.includes(a));
      if (fresh.length === 0)
        return { target: p.Name, output: `${resource} already blocks ${adding.join(", ")}` };
      wanted = [...current, ...fresh];
      what = `${fresh.length} address(es) added (${fresh.join(", ")}); ${wanted.length} in the set`;
    } else {
      if (sameSet(current, p.Addresses)) {
        return {
          target: p.Name,
          output: `${resource} already holds its ${p.Addresses.length} recorded address(es)`,
        };
      }
      wanted = [...new Set(p.Addresses)];
      what = `restored to its ${wanted.length} recorded address(es) (was ${current.length})`;
    }
    if (wanted.length > MAX_ADDRESSES) {
      throw invalid(
        op,
        resource,
        `the set would hold ${wanted.length} addresses; WAF allows ${MAX_ADDRESSES}`,
      );
    }
    try {
      await awsCall({ action: op, resource, region }, () =>
        waf.send(
          new UpdateIPSetCommand({
            Name: p.Name,
            Id: p.Id,
            Scope: p.Scope,
            Addresses: wanted,
            LockToken: got.LockToken,
            ...(set.Description ? { Description: set.Description } : {}),
          }),
        ),
      );
      return { target: p.Name, output: `${resource}: ${what}` };
    } catch (err) {
      if (!isAwsError(err, "WAFOptimisticLockException")) throw err;
      if (attempt >= IP_SET_ATTEMPTS) {
        throw new AwsAdapterError(
          `WAFOptimisticLockException: ${resource} changed under every one of ${IP_SET_ATTEMPTS} read-and-write ` +
            "attempts (another writer is editing it); nothing was written by the responder, retry later",
          "conflict",
          "WAFOptimisticLockException",
          op,
          resource,
          { cause: err },
        );
      }
    }
  }
}

/**
 * iam:AttachRolePolicy. AWS treats attaching a policy the role already has as success, so a repeat is a
 * no-op. Administrator-level policies are refused here as well as in the catalogue and by the IAM condition.
 */
export type PolicyRef =
  | { RoleName: string; PolicyArn: string }
  | { RoleName: string; PolicyName: string; Scope: "Local" | "AWS"; PolicyPath: string };

/**
 * The ARN of a named policy: the role's own account (Scope Local) or AWS's (Scope AWS), in the role's
 * partition, read from iam:GetRole, so a name can never reach another account's policy.
 */
async function resolvePolicyArn(iam: IAMClient, p: PolicyRef): Promise<string> {
  if ("PolicyArn" in p) return p.PolicyArn;
  const region = () => iam.config.region();
  const role = await awsCall({ action: "iam:GetRole", resource: `IAM role ${p.RoleName}`, region }, () =>
    iam.send(new GetRoleCommand({ RoleName: p.RoleName })),
  );
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\//.exec(role.Role?.Arn ?? "");
  if (!m) throw invalid("iam:AttachRolePolicy", `IAM role ${p.RoleName}`, "the role's ARN could not be read");
  return `arn:${m[1]}:iam::${p.Scope === "AWS" ? "aws" : m[2]}:policy${p.PolicyPath}${p.PolicyName}`;
}

export async function attachRolePolicy(
  iam: IAMClient,
  ref: PolicyRef,
): Promise<{ target: string; output: string }> {
  const op = "iam:AttachRolePolicy";
  const resource = `IAM role ${ref.RoleName}`;
  const p = { RoleName: ref.RoleName, PolicyArn: await resolvePolicyArn(iam, ref) };
  if (NEVER_ATTACH_POLICY.test(p.PolicyArn)) throw invalid(op, resource, `${p.PolicyArn} is never attached`);
  try {
    await awsCall({ action: op, resource, region: () => iam.config.region() }, () =>
      iam.send(new AttachRolePolicyCommand({ RoleName: p.RoleName, PolicyArn: p.PolicyArn })),
    );
  } catch (err) {
    // Refusals IAM names with codes the shared classifier does not know: the start cannot run as asked.
    if (isAwsError(err, "LimitExceededException")) {
      throw invalid(
        op,
        resource,
        "the role already has as many managed policies as IAM allows; detach one first",
      );
    }
    if (isAwsError(err, "PolicyNotAttachableException", "UnmodifiableEntityException")) {
      throw invalid(
        op,
        resource,
        `${p.PolicyArn} cannot be attached to this role (${(err as Error).message})`,
      );
    }
    throw err;
  }
  return { target: p.RoleName, output: `${resource} has ${p.PolicyArn} attached` };
}
