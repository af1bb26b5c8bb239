/**
 * Approver identities: who signed off, as an authenticated subject, never a typed name. The entry point that
 * authenticated the person (IAM via STS, an OIDC token, a per-approver signed link, or the local OS user)
 * says how, and the allow-list names identities in the same `<kind>:<subject>` form. A Slack user is
 * `slack:<team id>/<user id>`: the ids Slack puts in a request it signed, never a display name.
 */
import { z } from "zod";

export const IDENTITY_KINDS = ["iam", "oidc", "link", "os-user", "slack"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** `iam:arn:aws:sts::123456789012:assumed-role/oncall/alice`, `oidc:<sub>`, `link:alice@example.com`, `os-user:alice@host`. */
export const ApproverIdentitySchema = z
  .string()
  .regex(
    /^(iam|oidc|link|os-user|slack):\S+$/,
    "an identity like iam:arn:aws:iam::123456789012:user/alice, oidc:<subject>, link:alice@example.com, os-user:alice@host or slack:T0123/U0456 — not a bare name",
  );
export type ApproverIdentity = z.infer<typeof ApproverIdentitySchema>;

export function identityKind(identity: string): IdentityKind | undefined {
  const kind = identity.slice(0, identity.indexOf(":"));
  return (IDENTITY_KINDS as readonly string[]).includes(kind) ? (kind as IdentityKind) : undefined;
}

/** Whether an identity may sign off at this risk: an empty list admits any authenticated identity. */
export function mayApprove(allowed: readonly string[], identity: string): boolean {
  return allowed.length === 0 || allowed.includes(identity);
}
