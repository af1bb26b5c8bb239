/**
 * A signed approval: the proof that an authenticated person accepted (or narrowed) exactly this action with
 * exactly these arguments, on this incident, in this gate round. The entry point that authenticated the
 * person (CLI via STS or the OS user, the approval page via a per-approver link) signs it with the
 * deployment's approval key; the approval node and, again, `execute` verify it. Nothing in the graph's state
 * can stand in for it: a forged `humanDecision` or `gate` update carries no valid signature.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../../tools/canonical-json.js";
import { ApproverIdentitySchema } from "./identity.js";

export const ApprovalClaimsSchema = z.object({
  v: z.literal(1),
  incidentId: z.string().min(1),
  /** The gate round the request belongs to: a proof for an older request is stale. */
  round: z.number().int().positive(),
  decision: z.enum(["accept", "edit"]),
  actionId: z.string().min(1),
  /** Hash of the canonical arguments accepted (for an edit, the edited ones). */
  argsHash: z.string().regex(/^[0-9a-f]{64}$/),
  identity: ApproverIdentitySchema,
  /** Staged plans: hash of the stages the approver was shown, when the request offered the whole plan. */
  planHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Epoch seconds. */
  iat: z.number().int(),
  exp: z.number().int(),
  nonce: z.string().min(8),
});
export type ApprovalClaims = z.infer<typeof ApprovalClaimsSchema>;

export function actionArgsHash(actionId: string, params: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson({ actionId, params })).digest("hex");
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const mac = (key: string, body: string) => createHmac("sha256", key).update(`air-approval.${body}`).digest();

/** Default lifetime of a signed approval: long enough to reach the worker, short enough not to be hoarded. */
export const APPROVAL_PROOF_TTL_SECONDS = 15 * 60;

export interface ProofRequest {
  incidentId: string;
  round: number;
  decision: "accept" | "edit";
  actionId: string;
  params: Record<string, unknown>;
  identity: string;
  now: Date;
  ttlSeconds?: number;
  /** The request's `binding.planHash`, when it offered a whole staged plan. */
  planHash?: string;
}

/** Signs an approval. Only entry points that authenticated `identity` may call this. */
export function signApproval(key: string, request: ProofRequest): string {
  if (key.length < 16) throw new Error("the approval key must be at least 16 characters");
  const iat = Math.floor(request.now.getTime() / 1000);
  const claims: ApprovalClaims = ApprovalClaimsSchema.parse({
    v: 1,
    incidentId: request.incidentId,
    round: request.round,
    decision: request.decision,
    actionId: request.actionId,
    argsHash: actionArgsHash(request.actionId, request.params),
    identity: request.identity,
    ...(request.planHash ? { planHash: request.planHash } : {}),
    iat,
    exp: iat + (request.ttlSeconds ?? APPROVAL_PROOF_TTL_SECONDS),
    nonce: randomUUID(),
  });
  const body = b64(JSON.stringify(claims));
  return `${body}.${b64(mac(key, body))}`;
}

export interface ProofExpectation {
  incidentId: string;
  round: number;
  actionId: string;
  params: Record<string, unknown>;
  now: Date;
  /** Required plan binding: the approval must have been given on a request that showed these stages. */
  planHash?: string;
}

export type ProofCheck = { ok: true; claims: ApprovalClaims } | { ok: false; reason: string };

/** Verifies signature, expiry and the binding to this incident, round, action and arguments. */
export function verifyApproval(
  key: string | undefined,
  proof: unknown,
  expect: ProofExpectation,
): ProofCheck {
  if (!key)
    return { ok: false, reason: "this deployment has no approval key, so no sign-off can be verified" };
  if (typeof proof !== "string" || !proof.includes("."))
    return { ok: false, reason: "no signed approval: an accept must come through an authenticated channel" };
  const [body = "", signature = ""] = proof.split(".");
  const expected = mac(key, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "the approval's signature is not valid" };
  let claims: ApprovalClaims;
  try {
    claims = ApprovalClaimsSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "the approval's claims are unreadable" };
  }
  const now = Math.floor(expect.now.getTime() / 1000);
  if (claims.exp < now)
    return { ok: false, reason: `the approval expired at ${new Date(claims.exp * 1000).toISOString()}` };
  if (claims.incidentId !== expect.incidentId)
    return {
      ok: false,
      reason: `the approval is for incident ${claims.incidentId}, not ${expect.incidentId}`,
    };
  if (claims.round !== expect.round)
    return {
      ok: false,
      reason: `the approval answers request round ${claims.round}; the current one is ${expect.round}`,
    };
  if (
    claims.actionId !== expect.actionId ||
    claims.argsHash !== actionArgsHash(expect.actionId, expect.params)
  )
    return { ok: false, reason: "the approval was given for a different action or different arguments" };
  if (expect.planHash !== undefined && claims.planHash !== expect.planHash)
    return { ok: false, reason: "the approval was not given for this plan" };
  return { ok: true, claims };
}
