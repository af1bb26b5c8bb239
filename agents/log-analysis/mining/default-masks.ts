/** The production masking rules, ordered from most to least specific. */
import type { MaskRule } from "./types.js";

const r = String.raw;
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const H4 = "[0-9a-fA-F]{1,4}";
const TLD = "(?:[a-z]{2}|com|net|org|edu|gov|mil|info|biz|local|internal|lan)";

export const DEFAULT_MASKS: MaskRule[] = [
  // A quoted value after `key=` or `key:` is data, whatever it contains.
  { name: "quoted", pattern: r`(?<=[=:]\s?)"[^"]*"`, replacement: '"<*>"', hint: ['"'] },
  { name: "url", pattern: r`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+`, hint: ["://"] },
  { name: "email", pattern: r`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`, hint: ["@"] },
  {
    name: "datetime",
    pattern: r`\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b`,
    hint: ["-"],
  },
  {
    name: "ctime",
    pattern: r`\b(?:${DAY}\s+)?${MONTH}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(?:\s+\d{4})?\b`,
    hint: [":"],
  },
  { name: "time", pattern: r`\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b`, hint: [":"] },
  {
    name: "uuid",
    pattern: r`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`,
    hint: ["-"],
  },
  {
    // Full or `::`-compressed IPv6, optionally `[addr]:port`.
    name: "ipv6",
    pattern: r`(?<![\w:.])\[?(?:(?:${H4}:){7}${H4}|(?:${H4}:){1,6}:(?:${H4}(?::${H4}){0,5})?)\]?(?:(?<=\]):\d{1,5})?(?![\w:.])`,
    hint: [":"],
  },
  { name: "ipv4", pattern: r`(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])`, hint: ["."] },
  { name: "host-port", pattern: r`(?<![\w.-])(?:[\w-]+\.)+[A-Za-z][\w-]*:\d{1,5}\b`, hint: [":"] },
  { name: "hostname", pattern: r`(?<![\w.-])(?:[A-Za-z0-9-]+\.){2,}${TLD}(?![\w.-])`, hint: ["."] },
  {
    name: "path",
    pattern: r`(?<![\w.:/])(?:[A-Za-z]:\\|/)(?:[\w.@%+~-]+[/\\])+[\w.@%+~-]*`,
    hint: ["/", "\\"],
  },
  { name: "hex", pattern: r`\b0[xX][0-9a-fA-F]+\b`, hint: ["0x", "0X"] },
  { name: "size", pattern: r`(?<![\w.])\d+(?:\.\d+)?\s?(?:[KMGTP]i?)?B\b`, hint: ["B"] },
  {
    name: "duration",
    pattern: r`<?(?<![\w.])\d+(?:\.\d+)?\s?(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|hrs?|hours?)\b`,
  },
  { name: "number", pattern: r`(?<![\w.-])[-+]?\d+(?:\.\d+)?(?![\w.])` },
  // Any other word with a digit, except short names such as ssh2, eth0 or SOCKS5.
  { name: "id", pattern: r`\b(?![A-Za-z]{2,}\d{1,2}\b)[\w-]*\d[\w-]*\b` },
];
