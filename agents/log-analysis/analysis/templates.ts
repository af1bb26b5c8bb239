import { DEFAULT_MINER_OPTIONS, LogTemplateMiner } from "../mining/index.js";

/** Anything that turns a log line into a template and a stable cluster id. */
export interface TemplateMiner {
  add(line: string): { clusterId: string | number; template: string };
  /** The surviving cluster of an id (miners that merge clusters); identity when absent. */
  resolve?(id: string | number): string | number;
  /** The current template of a cluster, after later lines widened it. */
  templateOf?(id: string | number): string | undefined;
}

const MASKS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<UUID>"],
  [/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, "<IP>"],
  [/\b(i|sg|vpc|subnet|eni|ami)-[0-9a-f]{6,17}\b/g, "<ID>"],
  [/\b0x[0-9a-f]+\b/gi, "<HEX>"],
  [/\b[0-9a-f]{12,}\b/gi, "<HEX>"],
  [/(\/[\w.-]+){2,}/g, "<PATH>"],
  [/\b\d+(\.\d+)?(ms|s|MB|GB|KB|%)?\b/g, "<NUM>"],
];

/** The Drain-style miner (production settings) behind the TemplateMiner interface. */
export class DrainTemplateMiner implements TemplateMiner {
  private readonly miner = new LogTemplateMiner(DEFAULT_MINER_OPTIONS);

  add(line: string) {
    const { clusterId, template } = this.miner.add(line);
    return { clusterId, template };
  }

  resolve(id: string | number) {
    return this.miner.resolve(Number(id));
  }

  templateOf(id: string | number) {
    return this.miner.cluster(Number(id))?.template;
  }
}

/**
 * A masking-only miner: lines that differ only in variable parts share a template. Used when no
 * Drain miner is supplied; the Drain miner groups better on unfamiliar formats.
 */
export class MaskingMiner implements TemplateMiner {
  add(line: string) {
    let template = line;
    for (const [pattern, token] of MASKS) template = template.replace(pattern, token);
    return { clusterId: template, template };
  }
}
