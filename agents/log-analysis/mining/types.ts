/** Shared types of the Drain-style log template miner. */

/** One ordered masking rule: every match of `pattern` is replaced before tokenising. */
export interface MaskRule {
  /** Short name, e.g. "ipv4", used in reports and persistence. */
  name: string;
  /** Regular expression source (JavaScript syntax). */
  pattern: string;
  /** Extra RegExp flags; "g" is always added. */
  flags?: string;
  /** Replacement text; defaults to the wildcard `<*>`. */
  replacement?: string;
  /** Speed hint: every match contains one of these substrings, so text without any of them is skipped. */
  hint?: string[];
}

/** Tuning knobs of the miner. All have defaults (see `DEFAULT_MINER_OPTIONS`). */
export interface MinerOptions {
  /** Depth of the fixed-depth tree counting root and length layer (Drain's `depth`); >= 3. */
  depth: number;
  /** Similarity threshold `st` in [0, 1]: share of equal non-wildcard tokens needed to join a cluster. */
  similarityThreshold: number;
  /** Maximum children of an internal tree node before tokens fall into the `<*>` child. */
  maxChildren: number;
  /** Ordered masking rules applied to the raw message. */
  masks: MaskRule[];
  /** Characters that split tokens in addition to whitespace. */
  extraDelimiters: string[];
  /**
   * Let messages shorter than `depth - 2` tokens join clusters. The Loghub Drain implementation never
   * attaches such clusters to a leaf, so each of those messages starts a cluster; `false` reproduces that.
   */
  matchShortMessages: boolean;
  /** Count template wildcards as matching tokens in the similarity (Drain counts only equal literals). */
  wildcardsMatch: boolean;
  /**
   * Differences between two literal (unmasked) tokens do not generalise a template until this many
   * clusters differ only in that one word position; they are then folded into one. 0 = Drain behaviour.
   */
  wordVariantsToMerge: number;
  /** Fold a cluster into an older one when their templates become identical. */
  mergeIdenticalTemplates: boolean;
  /**
   * Tolerate messages whose token count differs from a cluster's: when no same-length cluster matches,
   * try clusters whose template equals the message after collapsing runs of wildcards.
   */
  lengthTolerant: boolean;
}

/** What `add` did with a line. */
export type ChangeType = "created" | "updated" | "none";

/** Result of `add(line)`. */
export interface AddResult {
  clusterId: number;
  template: string;
  change: ChangeType;
}

/** Result of `match(line)`. */
export interface MatchResult {
  clusterId: number;
  template: string;
}

/** Public view of one cluster. */
export interface ClusterInfo {
  id: number;
  template: string;
  count: number;
}
