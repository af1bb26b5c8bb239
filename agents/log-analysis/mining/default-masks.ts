/** The production masking rules, ordered from most to least specific. */
import type { MaskRule } from "./types.js";

const r = String.raw;
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";

export const DEFAULT_MASKS: MaskRule[] = [
  { name: "quoted", pattern: r`(?<=[=:]\s?)"[^"]*"|(?<=[=:]\s?)'[^']*'`, replacement: '"<*>"' },
  { name: "url", pattern: r`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+` },
  { name: "email", pattern: r`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b` },
  {
    name: "datetime",
    pattern: r`\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b`,
  },
  { name: "ctime", pattern: r`\b(?:${DAY}\s+)?${MONTH}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(?:\s+\d{4})?\b` },
  { name: "time", pattern: r`\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b` },
  { name: "uuid", pattern: r`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b` },
  {
    name: "ipv6",
    pattern: r`(?<![\w:.])\[?(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\]?(?::\d{1,5})?(?![\w:.])|(?<![\w:.])\[?(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?\]?(?:(?<=\]):\d{1,5})?(?![\w:.])`,
  },
  { name: "ipv4", pattern: r`(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])` },
  { name: "host-port", pattern: r`(?<![\w.-])(?:[\w-]+\.)+[A-Za-z][\w-]*:\d{1,5}\b` },
  {
    name: "hostname",
    pattern: r`(?<![\w.-])(?:[A-Za-z0-9-]+\.){2,}(?:[a-z]{2}|com|net|org|edu|gov|mil|info|biz|local|internal|lan)(?![\w.-])`,
  },
  { name: "path", pattern: r`(?<![\w.:/])(?:[A-Za-z]:\\|/)(?:[\w.@%+~-]+[/\\])+[\w.@%+~-]*` },
  { name: "hex", pattern: r`\b0[xX][0-9a-fA-F]+\b` },
  { name: "size", pattern: r`(?<![\w.])\d+(?:\.\d+)?\s?(?:[KMGTP]i?)?B\b` },
  {
    name: "duration",
    pattern: r`<?(?<![\w.])\d+(?:\.\d+)?\s?(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|hrs?|hours?)\b`,
  },
  { name: "number", pattern: r`(?<![\w.])[-+]?\d+(?:\.\d+)?(?![\w.])` },
  // Any other word with a digit, except short names such as ssh2, eth0 or SOCKS5.
  { name: "id", pattern: r`\b(?![A-Za-z]{2,}\d{1,2}\b)[\w-]*\d[\w-]*\b` },
];
