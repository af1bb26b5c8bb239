import { describe, expect, it } from "vitest";
import { idTokenFrom, verifyIdToken } from "./oidc.js";
import { FakeCognito, TEST_CLIENT } from "./oidc-test-support.js";

describe("OIDC approver (Cognito ID token)", () => {
  const cognito = new FakeCognito();
  const verifier = cognito.verifier();

  it("a valid ID token names the person as oidc:<sub>", async () => {
    expect(await verifyIdToken(verifier, cognito.idToken())).toEqual({
      ok: true,
      identity: "oidc:0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
      email: "alice@example.com",
    });
  });

  it("refuses an expired token", async () => {
    const old = Math.floor(Date.now() / 1000) - 7200;
    expect(await verifyIdToken(verifier, cognito.idToken({}, old))).toEqual({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
  });

  it("refuses a token for another app client (audience)", async () => {
    expect(await verifyIdToken(verifier, cognito.idToken({ aud: "someotherclient" }))).toEqual({
      ok: false,
      reason: expect.stringMatching(/wrong audience/),
    });
  });

  it("refuses a tampered token (signature)", async () => {
    const [header, , signature] = cognito.idToken().split(".");
    const payload = Buffer.from(
      JSON.stringify({
        sub: "mallory",
        iss: cognito.issuer,
        aud: TEST_CLIENT,
        token_use: "id",
        exp: Math.floor(Date.now() / 1000) + 3600,
      }),
    ).toString("base64url");
    expect(await verifyIdToken(verifier, `${header}.${payload}.${signature}`)).toEqual({
      ok: false,
      reason: expect.stringMatching(/signature is not valid/),
    });
  });

  it("refuses a token signed by another key under the same key id", async () => {
    const impostor = new FakeCognito();
    expect(await verifyIdToken(verifier, impostor.idToken())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature is not valid/),
    });
  });

  it("refuses a token from another user pool", async () => {
    const otherPool = new FakeCognito("us-east-1_OtherPool9");
    expect(await verifyIdToken(verifier, otherPool.idToken())).toEqual({
      ok: false,
      reason: expect.stringMatching(/another identity provider or user pool/),
    });
  });

  it("refuses an access token and a missing or malformed token", async () => {
    expect(await verifyIdToken(verifier, cognito.idToken({ token_use: "access" }))).toMatchObject({
      ok: false,
    });
    expect(await verifyIdToken(verifier, undefined)).toEqual({
      ok: false,
      reason: "no ID token: sign in first",
    });
    expect(await verifyIdToken(verifier, "  ")).toMatchObject({ ok: false, reason: /no ID token/ });
    expect(await verifyIdToken(verifier, "not-a-jwt")).toMatchObject({ ok: false, reason: /malformed/ });
  });

  it("reads the token from a Bearer header, else from the id_token form field", () => {
    const fields = new URLSearchParams({ id_token: "from-form" });
    expect(idTokenFrom({ Authorization: "Bearer abc.def.ghi" }, fields)).toBe("abc.def.ghi");
    expect(idTokenFrom({ authorization: "bearer abc.def.ghi" }, new URLSearchParams())).toBe("abc.def.ghi");
    expect(idTokenFrom({}, fields)).toBe("from-form");
    expect(idTokenFrom(undefined, new URLSearchParams())).toBeUndefined();
  });
});
