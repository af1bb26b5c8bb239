import { mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ReportsPort } from "../ports.js";

/** Writes reports as markdown files; written to a temporary name and renamed, so no half-written report is left. */
export class FileReports implements ReportsPort {
  constructor(private readonly dir: string) {}

  async write(incidentId: string, markdown: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = resolve(join(this.dir, `${incidentId.replace(/[^\w.-]/g, "_")}.md`));
    await writeFile(`${path}.tmp`, markdown, "utf8");
    await rename(`${path}.tmp`, path);
    return path;
  }
}

/** Keeps reports in memory (Studio, tests). */
export class MemoryReports implements ReportsPort {
  readonly reports = new Map<string, string>();

  async write(incidentId: string, markdown: string): Promise<string> {
    this.reports.set(incidentId, markdown);
    return `memory://reports/${incidentId}.md`;
  }
}
