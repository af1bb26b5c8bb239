/**
 * Test support: a Cognito-like issuer that runs offline. It signs ID tokens (RS256) with its own RSA key, and
 * hands a real `CognitoJwtVerifier` its JWKS through `cacheJwks`, so no test fetches anything.
 */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Jwks } from "aws-jwt-verify/jwk";

export const TEST_POOL = "us-east-1_TestPool1";
export const TEST_CLIENT = "testclient1234567890abcdef";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export class FakeCognito {
  readonly kid = "test-key-1";
  private readonly privateKey: KeyObject;
  readonly jwks: Jwks;

  constructor(readonly userPoolId = TEST_POOL) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    const { n, e } = publicKey.export({ format: "jwk" });
    if (!n || !e) throw new Error("the RSA public key exported no modulus or exponent");
    this.jwks = { keys: [{ kty: "RSA", n, e, kid: this.kid, alg: "RS256", use: "sig" }] };
  }

  get issuer(): string {
    return `https://cognito-idp.${this.userPoolId.split("_")[0]}.amazonaws.com/${this.userPoolId}`;
  }

  /** A signed ID token; `claims` override the defaults (valid for an hour from now, for TEST_CLIENT). */
  idToken(claims: Record<string, unknown> = {}, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const payload = {
      sub: "0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
      email: "alice@example.com",
      iss: this.issuer,
      aud: TEST_CLIENT,
      token_use: "id",
      auth_time: nowSeconds,
      iat: nowSeconds,
      exp: nowSeconds + 3600,
      ...claims,
    };
    const body = `${b64({ kid: this.kid, alg: "RS256", typ: "JWT" })}.${b64(payload)}`;
    const signature = createSign("RSA-SHA256").update(body).sign(this.privateKey).toString("base64url");
    return `${body}.${signature}`;
  }

  /** A real verifier for `userPoolId`/`clientId` that already holds this issuer's keys. */
  verifier(userPoolId = this.userPoolId, clientId = TEST_CLIENT) {
    const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "id" });
    verifier.cacheJwks(this.jwks);
    return verifier;
  }
}
