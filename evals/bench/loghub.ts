/**
 * Loghub-2k benchmark data and the per-system Drain settings published with the Loghub benchmark
 * (Zhu et al., ICSE-SEIP 2019; logpai/logparser `Drain_benchmark.py`). Data is read from disk, never bundled.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileLogFormat, parseLine } from "../../agents/log-analysis/mining/log-format.js";

/** Drain settings for one system: header format, masking regexes (Python syntax, JS-compatible), st, depth. */
export interface DrainSetting {
  logFormat: string;
  regex: string[];
  st: number;
  depth: number;
}

const r = String.raw;

/** The Loghub benchmark's Drain settings, in the paper's table order. */
export const DRAIN_SETTINGS: Record<string, DrainSetting> = {
  HDFS: {
    logFormat: "<Date> <Time> <Pid> <Level> <Component>: <Content>",
    regex: [r`blk_-?\d+`, r`(\d+\.){3}\d+(:\d+)?`],
    st: 0.5,
    depth: 4,
  },
  Hadoop: {
    logFormat: r`<Date> <Time> <Level> \[<Process>\] <Component>: <Content>`,
    regex: [r`(\d+\.){3}\d+`],
    st: 0.5,
    depth: 4,
  },
  Spark: {
    logFormat: "<Date> <Time> <Level> <Component>: <Content>",
    regex: [r`(\d+\.){3}\d+`, r`\b[KGTM]?B\b`, r`([\w-]+\.){2,}[\w-]+`],
    st: 0.5,
    depth: 4,
  },
  Zookeeper: {
    logFormat: r`<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>`,
    regex: [r`(/|)(\d+\.){3}\d+(:\d+)?`],
    st: 0.5,
    depth: 4,
  },
  BGL: {
    logFormat: "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>",
    regex: [r`core\.\d+`],
    st: 0.5,
    depth: 4,
  },
  HPC: {
    logFormat: "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>",
    regex: [r`=\d+`],
    st: 0.5,
    depth: 4,
  },
  Thunderbird: {
    logFormat: r`<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\[<PID>\])?: <Content>`,
    regex: [r`(\d+\.){3}\d+`],
    st: 0.5,
    depth: 4,
  },
  Windows: {
    logFormat: "<Date> <Time>, <Level>                  <Component>    <Content>",
    regex: [r`0x.*?\s`],
    st: 0.7,
    depth: 5,
  },
  Linux: {
    logFormat: r`<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>`,
    regex: [r`(\d+\.){3}\d+`, r`\d{2}:\d{2}:\d{2}`],
    st: 0.39,
    depth: 6,
  },
  Android: {
    logFormat: "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>",
    regex: [
      r`(/[\w-]+)+`,
      r`([\w-]+\.){2,}[\w-]+`,
      r`\b(\-?\+?\d+)\b|\b0[Xx][a-fA-F\d]+\b|\b[a-fA-F\d]{4,}\b`,
    ],
    st: 0.2,
    depth: 6,
  },
  HealthApp: { logFormat: r`<Time>\|<Component>\|<Pid>\|<Content>`, regex: [], st: 0.2, depth: 4 },
  Apache: { logFormat: r`\[<Time>\] \[<Level>\] <Content>`, regex: [r`(\d+\.){3}\d+`], st: 0.5, depth: 4 },
  Proxifier: {
    logFormat: r`\[<Time>\] <Program> - <Content>`,
    regex: [r`<\d+\ssec`, r`([\w-]+\.)+[\w-]+(:\d+)?`, r`\d{2}:\d{2}(:\d{2})*`, r`[KGTM]B`],
    st: 0.6,
    depth: 3,
  },
  OpenSSH: {
    logFormat: r`<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>`,
    regex: [r`(\d+\.){3}\d+`, r`([\w-]+\.){2,}[\w-]+`],
    st: 0.6,
    depth: 5,
  },
  OpenStack: {
    logFormat: r`<Logrecord> <Date> <Time> <Pid> <Level> <Component> \[<ADDR>\] <Content>`,
    regex: [r`((\d+\.){3}\d+,?)+`, r`/.+?\s`, r`\d+`],
    st: 0.5,
    depth: 5,
  },
  Mac: {
    logFormat: r`<Month>  <Date> <Time> <User> <Component>\[<PID>\]( \(<Address>\))?: <Content>`,
    regex: [r`([\w-]+\.){2,}[\w-]+`],
    st: 0.7,
    depth: 6,
  },
};

/** Drain's grouping accuracy on Loghub-2k as published in the Loghub benchmark (mean 0.865). */
export const PUBLISHED_DRAIN_GA: Record<string, number> = {
  HDFS: 0.998,
  Hadoop: 0.948,
  Spark: 0.92,
  Zookeeper: 0.967,
  BGL: 0.963,
  HPC: 0.887,
  Thunderbird: 0.955,
  Windows: 0.997,
  Linux: 0.69,
  Android: 0.911,
  HealthApp: 0.78,
  Apache: 1.0,
  Proxifier: 0.527,
  OpenSSH: 0.788,
  OpenStack: 0.733,
  Mac: 0.787,
};

export const SYSTEMS = Object.keys(DRAIN_SETTINGS);

/** One labelled line: its ground-truth event id and template. */
export interface Truth {
  label: string;
  template: string;
}

/** One system's sample: message contents (header removed) plus ground truth. */
export interface SystemData {
  system: string;
  lines: string[];
  contents: string[];
  truth: Truth[];
  corrected?: Truth[];
  /** Lines whose parsed Content differs from the ground-truth CSV's Content column. */
  contentMismatches: number;
}

/** Minimal RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readTruth(file: string): { contents: string[]; truth: Truth[] } {
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  const col = (name: string) => header?.indexOf(name) ?? -1;
  const [c, e, t] = [col("Content"), col("EventId"), col("EventTemplate")];
  if (c < 0 || e < 0 || t < 0) throw new Error(`${file}: missing Content/EventId/EventTemplate`);
  return {
    contents: rows.map((row) => row[c] ?? ""),
    truth: rows.map((row) => ({ label: row[e] ?? "", template: row[t] ?? "" })),
  };
}

/** Loads one system from `<dir>/<System>/`; lines that do not fit the format are skipped, as in Loghub. */
export function loadSystem(dir: string, system: string): SystemData {
  const setting = DRAIN_SETTINGS[system];
  if (!setting) throw new Error(`unknown system ${system}`);
  const base = join(dir, system, `${system}_2k.log`);
  const format = compileLogFormat(setting.logFormat);
  const lines: string[] = [];
  const contents: string[] = [];
  for (const line of readFileSync(base, "utf8").split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const fields = parseLine(format, line);
    if (!fields) continue;
    lines.push(line);
    contents.push(fields["Content"] ?? "");
  }
  const gt = readTruth(`${base}_structured.csv`);
  const correctedFile = `${base}_structured_corrected.csv`;
  const corrected = existsSync(correctedFile) ? readTruth(correctedFile).truth : undefined;
  if (gt.truth.length !== contents.length) {
    throw new Error(`${system}: ${contents.length} parsed lines but ${gt.truth.length} ground-truth rows`);
  }
  const contentMismatches = contents.filter((c, i) => c !== gt.contents[i]).length;
  return { system, lines, contents, truth: gt.truth, contentMismatches, ...(corrected ? { corrected } : {}) };
}
