/**
 * In-process stand-ins for DynamoDB (dynalite) and S3 (s3rver), for tests, the benchmark and the
 * local CLI. Both listen on 127.0.0.1 on a random port and keep nothing after `stop()`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);

export interface LocalServer {
  /** e.g. `http://127.0.0.1:49152` */
  endpoint: string;
  stop(): Promise<void>;
}

/** Client config for the AWS SDK v3 pointing at a local server; spread into any client constructor. */
export interface LocalAwsClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** S3 only (ignored by other clients): s3rver serves buckets by path, not virtual host. */
  forcePathStyle: boolean;
  /** S3 only: s3rver predates the flexible-checksum headers newer SDKs send by default. */
  requestChecksumCalculation: "WHEN_REQUIRED";
  responseChecksumValidation: "WHEN_REQUIRED";
}

export function localAwsClientConfig(endpoint: string): LocalAwsClientConfig {
  return {
    region: "us-east-1",
    endpoint,
    // s3rver only accepts its built-in key pair; dynalite accepts anything.
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  maxItemSizeKb?: number;
  path?: string;
}
type DynaliteServer = import("node:http").Server;
type DynaliteFactory = (options: DynaliteOptions) => DynaliteServer;

export interface StartLocalDynamoOptions {
  /** LevelDB directory to persist to; in-memory when omitted. */
  path?: string;
  /** Port to listen on; random when omitted. */
  port?: number;
}

/** Start dynalite in this process. Table create/delete/update complete immediately. */
export async function startLocalDynamo(options: StartLocalDynamoOptions = {}): Promise<LocalServer> {
  const dynalite = require("dynalite") as DynaliteFactory;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      server.closeAllConnections?.();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: import("node:http").Server;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverInstance;

export interface StartLocalS3Options {
  /** Buckets to create before the server starts accepting requests. */
  buckets?: string[];
  port?: number;
}

/** Start s3rver in this process, storing objects in a fresh temp dir that `stop()` removes. */
export async function startLocalS3(options: StartLocalS3Options = {}): Promise<LocalServer> {
  const S3rver = require("s3rver") as S3rverCtor;
  const directory = await mkdtemp(join(tmpdir(), "air-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      server.httpServer?.closeAllConnections?.();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
