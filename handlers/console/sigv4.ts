/**
 * SigV4-signed HTTPS requests to a Lambda function URL with `AuthType: AWS_IAM`, as the user's own
 * credentials (the SDK's default chain: environment, profile, SSO, instance role). Lambda checks the
 * signature and passes the principal to the function; nothing here holds or shares a signing key.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";

/** The hash interface the signer wants, over node:crypto (SHA-256, or HMAC-SHA-256 with a key). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret
      ? createHmac("sha256", typeof secret === "string" ? secret : Buffer.from(secret as ArrayBuffer))
      : createHash("sha256");
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data as ArrayBuffer));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface SignedResponse {
  status: number;
  body: string;
}

/** Credentials as every SDK client takes them (static, or a provider such as the default chain). */
export type Credentials = NonNullable<S3ClientConfig["credentials"]>;

/** Sends `method url` with a JSON body, signed for the `lambda` service in `region`. */
export async function sendSigned(
  url: string,
  init: { method: "GET" | "POST"; body?: unknown },
  region: string,
  credentials: Credentials,
  fetchImpl: typeof fetch = fetch,
): Promise<SignedResponse> {
  const target = new URL(url);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const signer = new SignatureV4({ service: "lambda", region, credentials, sha256: NodeSha256 });
  const query = Object.fromEntries(target.searchParams);
  const signed = await signer.sign({
    method: init.method,
    protocol: target.protocol,
    hostname: target.hostname,
    path: target.pathname,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    headers: {
      host: target.host,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  });
  // fetch sets Host itself; the signed value is the same.
  const { host: _host, ...headers } = signed.headers;
  const res = await fetchImpl(target, {
    method: init.method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, body: await res.text() };
}
