/** The AWS-owned SSM document catalogue as a reloadable source (one YAML file, many runbooks). */
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { AWS_CATALOGUE_PATH, awsDocumentToRunbook, parseAwsCatalogue } from "../aws-catalogue.js";
import type { Runbook } from "../schema.js";
import { type SourceEntry, VersionedSource } from "./versioned.js";

export class AwsCatalogueSource extends VersionedSource {
  readonly name: string;
  private readonly path: string;

  constructor(path: string | URL = AWS_CATALOGUE_PATH) {
    super();
    this.path = typeof path === "string" ? path : fileURLToPath(path);
    this.name = `AWS document catalogue ${this.path}`;
  }

  protected async list(): Promise<SourceEntry[]> {
    const info = await stat(this.path);
    return [{ key: this.path, version: `${info.mtimeMs}:${info.size}` }];
  }

  protected read(key: string): Promise<string> {
    return readFile(key, "utf8");
  }

  protected parse(text: string): Runbook[] {
    const origin = "knowledge/aws-runbooks/catalogue.yaml";
    return parseAwsCatalogue(text, origin).map((entry) => awsDocumentToRunbook(entry, origin));
  }
}
