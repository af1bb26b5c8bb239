/**
 * In-process stand-ins for DynamoDB (dynalite) and S3 (s3rver), for tests, the benchmark and the
 * local CLI. Both listen on 127.0.0.1 on a random port and keep nothing after `stop()`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { ensureTable } from "../aws-shared/table.js";
import { DEFAULT_TABLE_NAMES, TABLE_SHAPES, type TableKind, type TableNames } from "../aws-shared/tables.js";

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

export interface LocalAws {
  dynamo: DynamoDBClient;
  s3: S3Client;
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** The name each table was created under. */
  tables: TableNames;
  /** Destroys the clients and stops both servers. */
  stop(): Promise<void>;
}

export interface StartLocalAwsOptions {
  /** LevelDB directory for dynalite; in-memory when omitted. */
  dynamoPath?: string;
  /** Table names to use instead of the defaults. */
  tables?: Partial<TableNames>;
  /** Buckets to create in s3rver. */
  buckets?: string[];
}

/**
 * The whole local AWS in one call: dynalite and s3rver in this process, and every table the app uses
 * (`TABLE_SHAPES`) created and ACTIVE. Local runs, `air ingest` and `air doctor` start it this way.
 */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const tables: TableNames = { ...DEFAULT_TABLE_NAMES, ...options.tables };
  const [db, bucketStore] = await Promise.all([
    startLocalDynamo(options.dynamoPath ? { path: options.dynamoPath } : {}),
    startLocalS3({ buckets: options.buckets ?? [] }),
  ]);
  const dynamo = new DynamoDBClient(localAwsClientConfig(db.endpoint));
  const s3 = new S3Client(localAwsClientConfig(bucketStore.endpoint));
  const stop = async () => {
    dynamo.destroy();
    s3.destroy();
    await Promise.all([db.stop(), bucketStore.stop()]);
  };
  try {
    for (const kind of Object.keys(TABLE_SHAPES) as TableKind[])
      await ensureTable(dynamo, tables[kind], TABLE_SHAPES[kind]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dynamo, s3, dynamoEndpoint: db.endpoint, s3Endpoint: bucketStore.endpoint, tables, stop };
}
