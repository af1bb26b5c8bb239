import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../../tools/canonical-json.js";

/** What an approval token is bound to. */
export const ApprovalClaimsSchema = z.object({
  /** Incident (thread) id. */
  inc: z.string().min(1),
  /** Catalogue action id. */
  act: z.string().min(1),
  /** SHA-256 of the action's canonical arguments: an edited or swapped argument invalidates the token. */
  args: z.string().length(64),
  /** The approver the link was sent to, when bound to one. */
  sub: z.string().optional(),
  /** Expiry, epoch seconds. */
  exp: z.number().int().positive(),
  /** Single-use nonce. */
  jti: z.string().min(1),
});
export type ApprovalClaims = z.infer<typeof ApprovalClaimsSchema>;

/** Hash of an action's arguments, independent of key order. */
export function argumentsHash(args: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(args)).digest("hex");
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

function signature(secret: string, body: string): string {
  return b64(createHmac("sha256", secret).update(body).digest());
}

export interface IssueTokenInput {
  incidentId: string;
  actionId: string;
  args: Record<string, unknown>;
  approver?: string;
  ttlSeconds: number;
  now: Date;
}

/** Issues an HMAC-SHA256 signed token `<claims>.<signature>` (both base64url). */
export function issueApprovalToken(
  secret: string,
  input: IssueTokenInput,
): { token: string; claims: ApprovalClaims } {
  if (secret.length < 32) throw new Error("the approval signing secret must be at least 32 characters");
  const claims: ApprovalClaims = {
    inc: input.incidentId,
    act: input.actionId,
    args: argumentsHash(input.args),
    ...(input.approver ? { sub: input.approver } : {}),
    exp: Math.floor(input.now.getTime() / 1000) + input.ttlSeconds,
    jti: randomUUID(),
  };
  const body = b64(JSON.stringify(claims));
  return { token: `${body}.${signature(secret, body)}`, claims };
}

export type TokenCheck = { ok: true; claims: ApprovalClaims } | { ok: false; reason: string };

/** Checks the signature, shape and expiry. Binding to the pending action and single use are checked by the caller. */
export function readApprovalToken(secret: string, token: string, now: Date): TokenCheck {
  const [body, sig, extra] = token.trim().split(".");
  if (!body || !sig || extra !== undefined)
    return { ok: false, reason: "the token is malformed (expected two dot-separated parts)" };
  const expected = Buffer.from(signature(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "the token's signature is not valid" };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "the token's claims are not JSON" };
  }
  const parsed = ApprovalClaimsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "the token's claims are incomplete" };
  if (parsed.data.exp * 1000 <= now.getTime()) {
    return { ok: false, reason: `the token expired at ${new Date(parsed.data.exp * 1000).toISOString()}` };
  }
  return { ok: true, claims: parsed.data };
}
