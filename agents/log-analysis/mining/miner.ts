/**
 * Online log template miner after Drain (He et al., ICWS 2017): mask, tokenise, route through a
 * fixed-depth prefix tree, join the most similar cluster above the threshold or start a new one.
 * Optional production refinements (see `MinerOptions`) fold clusters together after the fact.
 */
import { Masker, WILDCARD } from "./masking.js";
import { makeTokenizer, resolveOptions } from "./options.js";
import { PrefixTree, type SerializedTree } from "./prefix-tree.js";
import { bestMatch, mergeTemplate } from "./similarity.js";
import type { AddResult, ClusterInfo, MatchResult, MinerOptions } from "./types.js";
import { VariableLengthIndex } from "./variable-length.js";
import { VariantIndex, wordCompatible } from "./word-variants.js";

interface Cluster {
  id: number;
  tokens: string[];
  template: string;
  count: number;
}

/** Persisted state, produced by `toJSON` and accepted by `fromJSON`. */
export interface MinerState {
  version: 1;
  options: MinerOptions;
  nextId: number;
  clusters: [id: number, tokens: string[], count: number][];
  aliases: [from: number, to: number][];
  tree: SerializedTree;
}

export class LogTemplateMiner {
  readonly options: Readonly<MinerOptions>;
  private readonly masker: Masker;
  private readonly split: (text: string) => string[];
  private tree: PrefixTree;
  private readonly byId = new Map<number, Cluster>();
  private readonly aliases = new Map<number, number>();
  private readonly byTemplate = new Map<string, number>();
  private readonly varLen = new VariableLengthIndex();
  private readonly variants = new VariantIndex();
  private nextId = 1;

  constructor(options: Partial<MinerOptions> = {}) {
    this.options = resolveOptions(options);
    this.masker = new Masker(this.options.masks);
    this.split = makeTokenizer(this.options.extraDelimiters);
    const o = this.options;
    this.tree = new PrefixTree(o.depth - 2, o.maxChildren, o.matchShortMessages);
  }

  /** Masks and tokenises a raw message the way the miner sees it. */
  tokenize(line: string): string[] {
    return this.split(this.masker.apply(line));
  }

  /** Learns from one message and reports the cluster it landed in. */
  add(line: string): AddResult {
    const tokens = this.tokenize(line);
    const found = this.search(tokens);
    if (!found) {
      const c: Cluster = { id: this.nextId++, tokens, template: tokens.join(" "), count: 1 };
      this.tree.insert(tokens, c.id);
      this.index(c);
      const settled = this.settle(c);
      if (settled.cluster === c) return this.result(c, "created");
      // Folded straight into an older cluster: "updated" only if that generalised its template.
      return this.result(settled.cluster, settled.changed ? "updated" : "none");
    }
    found.count++;
    if (found.tokens.length !== tokens.length) return this.result(found, "none");
    const merged = mergeTemplate(found.tokens, tokens);
    if (merged === found.tokens) return this.result(found, "none");
    this.setTemplate(found, merged);
    return this.result(this.settle(found).cluster, "updated");
  }

  /** Finds the cluster `add` would put the message in, without learning anything. */
  match(line: string): MatchResult | undefined {
    const found = this.search(this.tokenize(line));
    return found ? { clusterId: found.id, template: found.template } : undefined;
  }

  /** All live clusters, most frequent first (ties by id). */
  clusters(): ClusterInfo[] {
    return [...this.byId.values()].map(info).sort((a, b) => b.count - a.count || a.id - b.id);
  }

  /** One cluster by id; ids of clusters folded into another resolve to the survivor. */
  cluster(id: number): ClusterInfo | undefined {
    const c = this.byId.get(this.resolve(id));
    return c ? info(c) : undefined;
  }

  /** The live id for a cluster id that may have been folded into another. */
  resolve(id: number): number {
    let cur = id;
    for (let next = this.aliases.get(cur); next !== undefined; next = this.aliases.get(cur)) cur = next;
    return cur;
  }

  /** Number of live clusters. */
  get size(): number {
    return this.byId.size;
  }

  toJSON(): MinerState {
    return {
      version: 1,
      options: structuredClone(this.options) as MinerOptions,
      nextId: this.nextId,
      clusters: [...this.byId.values()].map((c) => [c.id, [...c.tokens], c.count]),
      aliases: [...this.aliases],
      tree: this.tree.toJSON(),
    };
  }

  static fromJSON(state: MinerState): LogTemplateMiner {
    if (state.version !== 1) throw new Error(`unsupported miner state version ${String(state.version)}`);
    const miner = new LogTemplateMiner(state.options);
    const o = miner.options;
    miner.tree = PrefixTree.fromJSON(state.tree, o.depth - 2, o.maxChildren, o.matchShortMessages);
    miner.nextId = state.nextId;
    for (const [from, to] of state.aliases) miner.aliases.set(from, to);
    for (const [id, tokens, count] of state.clusters) {
      miner.index({ id, tokens: [...tokens], template: tokens.join(" "), count });
    }
    return miner;
  }

  private search(tokens: string[]): Cluster | undefined {
    const o = this.options;
    const candidates: Cluster[] = [];
    for (const id of this.tree.candidates(tokens)) {
      const c = this.byId.get(id);
      if (c) candidates.push(c);
    }
    const accept = o.wordVariantsToMerge > 0 ? wordCompatible : undefined;
    const found = bestMatch(candidates, tokens, o.similarityThreshold, o.wildcardsMatch, accept);
    if (found) return found;
    if (o.mergeIdenticalTemplates) {
      const same = this.byTemplate.get(tokens.join(" "));
      if (same !== undefined) return this.byId.get(same);
    }
    if (o.wordVariantsToMerge > 0) {
      const id = this.variants.absorbing(tokens);
      if (id !== undefined) return this.byId.get(id);
    }
    if (o.lengthTolerant) {
      const id = this.varLen.find(tokens);
      if (id !== undefined) return this.byId.get(id);
    }
    return undefined;
  }

  /** Applies the folding rules until stable; returns the survivor and whether its template changed. */
  private settle(start: Cluster): { cluster: Cluster; changed: boolean } {
    const o = this.options;
    let c = start;
    let changed = false;
    for (;;) {
      const twin = o.mergeIdenticalTemplates
        ? this.byId.get(this.byTemplate.get(c.template) ?? -1)
        : undefined;
      if (twin && twin !== c) {
        const [keep, drop] = twin.id < c.id ? [twin, c] : [c, twin];
        this.fold(drop, keep);
        c = keep;
        continue;
      }
      const group =
        o.wordVariantsToMerge > 0 ? this.variants.ready(c.tokens, o.wordVariantsToMerge) : undefined;
      if (!group) return { cluster: c, changed };
      const [keepId, ...dropIds] = group.ids;
      const keep = this.byId.get(keepId ?? -1);
      if (!keep) return { cluster: c, changed };
      for (const id of dropIds) {
        const drop = this.byId.get(id);
        if (drop) this.fold(drop, keep);
      }
      const tokens = keep.tokens.slice();
      tokens[group.position] = WILDCARD;
      if (keep.tokens[group.position] !== WILDCARD) {
        this.setTemplate(keep, tokens);
        changed = true;
      }
      c = keep;
    }
  }

  /** Moves every line of `drop` into `keep` and forgets `drop` (its id becomes an alias). */
  private fold(drop: Cluster, keep: Cluster): void {
    keep.count += drop.count;
    this.unindex(drop);
    this.byId.delete(drop.id);
    this.tree.remove(drop.id);
    this.aliases.set(drop.id, keep.id);
  }

  private setTemplate(c: Cluster, tokens: string[]): void {
    this.unindex(c);
    c.tokens = tokens;
    c.template = tokens.join(" ");
    this.index(c);
  }

  private index(c: Cluster): void {
    const o = this.options;
    this.byId.set(c.id, c);
    if (o.mergeIdenticalTemplates && !this.byTemplate.has(c.template)) this.byTemplate.set(c.template, c.id);
    if (o.lengthTolerant) this.varLen.add(c.id, c.tokens);
    if (o.wordVariantsToMerge > 0) this.variants.add(c.id, c.tokens);
  }

  private unindex(c: Cluster): void {
    const o = this.options;
    if (this.byTemplate.get(c.template) === c.id) this.byTemplate.delete(c.template);
    if (o.lengthTolerant) this.varLen.remove(c.id, c.tokens);
    if (o.wordVariantsToMerge > 0) this.variants.remove(c.id, c.tokens);
  }

  private result(c: Cluster, change: AddResult["change"]): AddResult {
    return { clusterId: c.id, template: c.template, change };
  }
}

const info = (c: Cluster): ClusterInfo => ({ id: c.id, template: c.template, count: c.count });
