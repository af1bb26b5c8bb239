/** Anything that turns a log line into a template and a stable cluster id. */
export interface TemplateMiner {
  add(line: string): { clusterId: string | number; template: string };
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
