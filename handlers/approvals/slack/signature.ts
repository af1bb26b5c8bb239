/**
 * Slack's request signing (v0): HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the app's signing secret,
 * sent as `x-slack-signature`, with the time in `x-slack-request-timestamp`. A request is taken only when the
 * signature matches and the timestamp is within the tolerance of our clock (five minutes), so an old
 * captured request cannot be replayed later; replays inside the window are caught by the caller's
 * single-use check on the signature.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SLACK_TOLERANCE_SECONDS = 300;

export type SlackSignatureCheck = { ok: true } | { ok: false; reason: string };

export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SlackSignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature)
    return {
      ok: false,
      reason: "unsigned request: x-slack-signature and x-slack-request-timestamp are required",
    };
  if (!/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: "x-slack-request-timestamp is not a Unix time" };
  const age = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  const tolerance = input.toleranceSeconds ?? SLACK_TOLERANCE_SECONDS;
  if (age > tolerance)
    return {
      ok: false,
      reason: `the request is ${Math.round(age)} s old; Slack requests are taken within ${tolerance} s`,
    };
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: "the Slack signature does not match this request" };
  return { ok: true };
}
