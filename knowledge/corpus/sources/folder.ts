/** Runbooks from a local folder of markdown files (recursive), re-read when a file's mtime or size changes. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { displayPath, parseRunbook } from "../front-matter.js";
import type { Runbook, RunbookSource } from "../schema.js";
import { type SourceEntry, VersionedSource } from "./versioned.js";

/** Every `*.md` file under `dir` except README.md, as absolute paths. */
export async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".md") || entry.name.toLowerCase() === "readme.md") continue;
    out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

export interface FolderSourceOptions {
  dir: string | URL;
  /** Defaults to "organisation". */
  source?: RunbookSource;
  /** Base for the file names shown in errors; defaults to the current directory. */
  displayBase?: string;
}

export class FolderSource extends VersionedSource {
  readonly name: string;
  private readonly dir: string;
  private readonly source: RunbookSource;
  private readonly base: string;

  constructor(options: FolderSourceOptions) {
    super();
    this.dir = typeof options.dir === "string" ? options.dir : fileURLToPath(options.dir);
    this.source = options.source ?? "organisation";
    this.base = options.displayBase ?? process.cwd();
    this.name = `folder ${this.display(this.dir)}`;
  }

  private display(path: string): string {
    return displayPath(path, this.base);
  }

  protected async list(): Promise<SourceEntry[]> {
    let files: string[];
    try {
      files = await listMarkdown(this.dir);
    } catch (error) {
      throw new Error(`cannot read runbook folder ${this.dir}: ${(error as Error).message}`);
    }
    return Promise.all(
      files.map(async (key) => {
        const info = await stat(key);
        return { key, version: `${info.mtimeMs}:${info.size}` };
      }),
    );
  }

  protected read(key: string): Promise<string> {
    return readFile(key, "utf8");
  }

  protected parse(text: string, key: string): Runbook[] {
    return [parseRunbook(text, this.display(key), this.source)];
  }
}
