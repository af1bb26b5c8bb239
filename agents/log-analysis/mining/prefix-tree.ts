/**
 * Drain's fixed-depth prefix tree: layer 1 keys on token count, the next `depth - 2` layers on the
 * leading tokens (tokens with digits go to the `<*>` child), leaves hold candidate cluster ids.
 */
import { WILDCARD } from "./masking.js";

interface TreeNode {
  children: Map<string, TreeNode>;
  leaf: number[] | null;
}

/** Serialised node: [token, child] pairs and/or leaf cluster ids. */
export interface SerializedNode {
  c?: [string, SerializedNode][];
  l?: number[];
}

/** Serialised tree: [token count, node] pairs. */
export type SerializedTree = [number, SerializedNode][];

const newNode = (): TreeNode => ({ children: new Map(), leaf: null });

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

export class PrefixTree {
  private readonly roots = new Map<number, TreeNode>();
  private readonly leafOf = new Map<number, number[]>();

  /**
   * @param innerDepth token layers between the length layer and the leaves (Drain `depth - 2`)
   * @param maxChildren Drain `maxChild`
   * @param attachShort attach clusters of messages shorter than `innerDepth` (Loghub Drain does not)
   */
  constructor(
    private readonly innerDepth: number,
    private readonly maxChildren: number,
    private readonly attachShort: boolean,
  ) {}

  /** Candidate cluster ids for a token sequence, in insertion order (empty when none). */
  candidates(tokens: readonly string[]): readonly number[] {
    const root = this.roots.get(tokens.length);
    if (!root) return [];
    let node: TreeNode = root;
    let depth = 1;
    for (const token of tokens) {
      if (depth >= this.innerDepth) break;
      const next: TreeNode | undefined = node.children.get(token) ?? node.children.get(WILDCARD);
      if (!next) return [];
      node = next;
      depth++;
    }
    return node.leaf ?? [];
  }

  /** Adds a new cluster whose first message is `tokens` (Drain's addSeqToPrefixTree). */
  insert(tokens: readonly string[], clusterId: number): void {
    let node = this.roots.get(tokens.length);
    if (!node) {
      node = newNode();
      this.roots.set(tokens.length, node);
    }
    let depth = 1;
    for (const token of tokens) {
      if (depth >= this.innerDepth) {
        this.attach(node, clusterId);
        return;
      }
      node = this.childFor(node, token);
      depth++;
    }
    if (this.attachShort) this.attach(node, clusterId);
  }

  private attach(node: TreeNode, clusterId: number): void {
    node.leaf ??= [];
    node.leaf.push(clusterId);
    this.leafOf.set(clusterId, node.leaf);
  }

  /** Removes a cluster id from whichever leaf holds it (used when clusters merge). */
  remove(clusterId: number): void {
    const leaf = this.leafOf.get(clusterId);
    const at = leaf?.indexOf(clusterId) ?? -1;
    if (at >= 0) leaf?.splice(at, 1);
    this.leafOf.delete(clusterId);
  }

  /** Drain's child selection, including its maxChild and `<*>` rules. */
  private childFor(node: TreeNode, token: string): TreeNode {
    const kids = node.children;
    const hit = kids.get(token);
    if (hit) return hit;
    const wild = kids.get(WILDCARD);
    if (hasDigit(token)) return wild ?? add(kids, WILDCARD);
    if (wild) return kids.size < this.maxChildren ? add(kids, token) : wild;
    if (kids.size + 1 < this.maxChildren) return add(kids, token);
    if (kids.size + 1 === this.maxChildren) return add(kids, WILDCARD);
    // Unreachable in practice (a full node always has `<*>`), kept for parity with Drain.
    return wild ?? add(kids, WILDCARD);
  }

  toJSON(): SerializedTree {
    return [...this.roots].map(([len, node]) => [len, serialize(node)]);
  }

  static fromJSON(data: SerializedTree, innerDepth: number, maxChildren: number, attachShort: boolean) {
    const tree = new PrefixTree(innerDepth, maxChildren, attachShort);
    const index = (node: TreeNode) => {
      for (const id of node.leaf ?? []) tree.leafOf.set(id, node.leaf as number[]);
      for (const child of node.children.values()) index(child);
    };
    for (const [len, saved] of data) {
      const node = deserialize(saved);
      tree.roots.set(len, node);
      index(node);
    }
    return tree;
  }
}

function add(kids: Map<string, TreeNode>, key: string): TreeNode {
  const node = newNode();
  kids.set(key, node);
  return node;
}

function serialize(node: TreeNode): SerializedNode {
  const out: SerializedNode = {};
  if (node.children.size > 0) out.c = [...node.children].map(([k, v]) => [k, serialize(v)]);
  if (node.leaf) out.l = [...node.leaf];
  return out;
}

function deserialize(data: SerializedNode): TreeNode {
  return {
    children: new Map((data.c ?? []).map(([k, v]) => [k, deserialize(v)])),
    leaf: data.l ? [...data.l] : null,
  };
}
