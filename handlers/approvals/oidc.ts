/**
 * OIDC approvers: a Cognito ID token (from the stack's user pool) authenticates the person on the approval
 * page as `oidc:<sub>`. Verification is `aws-jwt-verify`'s: signature against the pool's JWKS, issuer (the
 * pool), audience (the app client), `token_use` = "id", and expiry. This module only turns its verdict into
 * an identity or a clear reason; the approval rules stay in `verify.ts`.
 */
import { CognitoJwtVerifier } from "aws-jwt-verify";
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  KidNotFoundInJwksError,
  ParameterValidationError,
} from "aws-jwt-verify/error";

/** What the approval function needs from a verifier: `CognitoJwtVerifier#verify` fits. */
export interface IdTokenVerifier {
  verify(token: string): Promise<Record<string, unknown>>;
}

export interface OidcConfig {
  userPoolId: string;
  clientId: string;
}

export type OidcCheck = { ok: true; identity: string; email?: string } | { ok: false; reason: string };

/** A verifier for ID tokens of one user pool and app client (fetches and caches the pool's JWKS). */
export function cognitoIdTokenVerifier(config: OidcConfig) {
  return CognitoJwtVerifier.create({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    tokenUse: "id",
  });
}

/** Why a token was refused, in words a person can act on. */
function reasonFor(error: unknown): string {
  if (error instanceof JwtExpiredError) return "the sign-in has expired; sign in again";
  if (error instanceof JwtNotBeforeError) return "the ID token is not valid yet";
  if (error instanceof CognitoJwtInvalidClientIdError)
    return "the ID token was issued to another application (wrong audience)";
  // The verifier looks its issuer up first: a token from another pool is "issuer not configured".
  if (
    error instanceof JwtInvalidIssuerError ||
    (error instanceof ParameterValidationError && /issuer not configured/.test(error.message))
  )
    return "the ID token was issued by another identity provider or user pool";
  if (error instanceof CognitoJwtInvalidTokenUseError) return "the token is not an ID token";
  if (error instanceof JwtInvalidSignatureError || error instanceof JwtInvalidSignatureAlgorithmError)
    return "the ID token's signature is not valid";
  if (error instanceof KidNotFoundInJwksError) return "the ID token was signed with an unknown key";
  if (error instanceof JwtParseError) return "the ID token is malformed";
  return "the ID token could not be verified";
}

/** Verifies `token` and returns the person's identity (`oidc:<sub>`), or why not. Never throws. */
export async function verifyIdToken(
  verifier: IdTokenVerifier,
  token: string | undefined,
): Promise<OidcCheck> {
  const raw = token?.trim();
  if (!raw) return { ok: false, reason: "no ID token: sign in first" };
  let payload: Record<string, unknown>;
  try {
    payload = await verifier.verify(raw);
  } catch (error) {
    return { ok: false, reason: reasonFor(error) };
  }
  const sub = payload.sub;
  if (typeof sub !== "string" || !/^\S+$/.test(sub))
    return { ok: false, reason: "the ID token names no subject" };
  if (typeof payload.exp !== "number") return { ok: false, reason: "the ID token carries no expiry" };
  const email = typeof payload.email === "string" ? payload.email : undefined;
  return { ok: true, identity: `oidc:${sub}`, ...(email ? { email } : {}) };
}

/** The ID token of a request: `Authorization: Bearer <token>`, else the form field `id_token`. */
export function idTokenFrom(
  headers: Record<string, string | undefined> | undefined,
  fields: URLSearchParams,
): string | undefined {
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "authorization")?.[1];
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? (fields.get("id_token") || undefined);
}
