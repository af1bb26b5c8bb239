/** Drain-style online log template mining: public API. */
export { DEFAULT_MASKS } from "./default-masks.js";
export { compileLogFormat, type LogFormat, parseLine, stripHeader } from "./log-format.js";
export { Masker, rulesFromPatterns, WILDCARD } from "./masking.js";
export { type ParsingScores, scoreParsing } from "./metrics.js";
export { LogTemplateMiner, type MinerState } from "./miner.js";
export { DEFAULT_MINER_OPTIONS, LOGHUB_DRAIN_OPTIONS, resolveOptions } from "./options.js";
export { generateLog, SYNTHETIC_TEMPLATES } from "./synthetic.js";
export type { AddResult, ChangeType, ClusterInfo, MaskRule, MatchResult, MinerOptions } from "./types.js";
