import { scoreParsing } from "./metrics.js";
import { LogTemplateMiner } from "./miner.js";
import { LOGHUB_DRAIN_OPTIONS } from "./options.js";
import { generateLog, SYNTHETIC_TEMPLATES } from "./synthetic.js";

describe("LogTemplateMiner clustering", () => {
  it("reports created, updated and none", () => {
    const m = new LogTemplateMiner();
    expect(m.add("Connection from alpha closed by peer")).toEqual({
      clusterId: 1,
      template: "Connection from alpha closed by peer",
      change: "created",
    });
    const second = m.add("Connection from 10.0.0.1 closed by peer");
    expect(second).toEqual({
      clusterId: 1,
      template: "Connection from <*> closed by peer",
      change: "updated",
    });
    expect(m.add("Connection from 10.0.0.9 closed by peer").change).toBe("none");
    expect(m.add("Disk full on volume data").change).toBe("created");
    expect(m.clusters()).toEqual([
      { id: 1, template: "Connection from <*> closed by peer", count: 3 },
      { id: 2, template: "Disk full on volume data", count: 1 },
    ]);
  });

  it("recovers the templates of a generated log exactly", () => {
    const { lines, labels } = generateLog(5000, 7);
    const m = new LogTemplateMiner();
    const ids = lines.map((l) => m.add(l).clusterId);
    const predicted = ids.map((id) => ({
      label: String(m.resolve(id)),
      template: m.cluster(id)?.template ?? "",
    }));
    const truth = labels.map((k) => ({ label: String(k), template: SYNTHETIC_TEMPLATES[k] ?? "" }));
    const s = scoreParsing(truth, predicted);
    expect(s.ga).toBe(1);
    expect(s.fga).toBe(1);
    expect(m.size).toBe(SYNTHETIC_TEMPLATES.length);
  });

  it("keeps messages that differ in one literal word apart until enough variants appear", () => {
    const m = new LogTemplateMiner({ wordVariantsToMerge: 4 });
    const a = m.add("cupsd startup succeeded on node main").clusterId;
    const b = m.add("cupsd shutdown succeeded on node main").clusterId;
    expect(a).not.toBe(b);
    for (const user of ["alice", "bob", "carol"]) m.add(`session opened for user ${user} by admin`);
    expect(m.size).toBe(5);
    const r = m.add("session opened for user dave by admin");
    expect(r.template).toBe("session opened for user <*> by admin");
    expect(r.change).toBe("updated");
    expect(m.size).toBe(3);
    // New variants now join directly; old ids resolve to the survivor.
    expect(m.add("session opened for user erin by admin")).toMatchObject({
      clusterId: r.clusterId,
      change: "none",
    });
    expect(m.cluster(r.clusterId + 1)?.id).toBe(r.clusterId);
    expect(m.cluster(r.clusterId)?.count).toBe(5);
  });

  it("generalises any differing literal when word variants are off", () => {
    const m = new LogTemplateMiner({ wordVariantsToMerge: 0, similarityThreshold: 0.5 });
    m.add("cupsd startup succeeded on node main");
    expect(m.add("cupsd shutdown succeeded on node main").template).toBe("cupsd <*> succeeded on node main");
  });

  it("matches messages whose variable spans a different number of tokens", () => {
    const m = new LogTemplateMiner();
    const a = m.add("proxy close, 0 bytes sent, 5 bytes received, lifetime 00:01").clusterId;
    const b = m.add("proxy close, 10 bytes (1.2 KB) sent, 5 bytes received, lifetime <1 sec").clusterId;
    expect(b).toBe(a);
    const strict = new LogTemplateMiner({ lengthTolerant: false });
    strict.add("proxy close, 0 bytes sent, 5 bytes received, lifetime 00:01");
    strict.add("proxy close, 10 bytes (1.2 KB) sent, 5 bytes received, lifetime <1 sec");
    expect(strict.size).toBe(2);
  });

  it("splits on extra delimiters", () => {
    const m = new LogTemplateMiner({ extraDelimiters: ["=", ","] });
    expect(m.tokenize("a=1,b=two")).toEqual(["a", "<*>", "b", "two"]);
    expect(m.tokenize("  ")).toEqual([]);
  });

  it("handles empty and whitespace-only lines", () => {
    const m = new LogTemplateMiner();
    expect(m.add("").change).toBe("created");
    expect(m.add("   ").change).toBe("none");
    expect(m.size).toBe(1);
  });

  it("match() finds the cluster without learning", () => {
    const m = new LogTemplateMiner();
    m.add("User alice logged in from 10.0.0.1");
    m.add("User alice logged in from 10.0.0.2");
    const before = JSON.stringify(m.toJSON());
    expect(m.match("User alice logged in from 10.9.9.9")).toEqual({
      clusterId: 1,
      template: "User alice logged in from <*>",
    });
    expect(m.match("Something else entirely happened here")).toBeUndefined();
    expect(JSON.stringify(m.toJSON())).toBe(before);
  });

  it("rejects invalid options", () => {
    expect(() => new LogTemplateMiner({ depth: 2 })).toThrow(RangeError);
    expect(() => new LogTemplateMiner({ similarityThreshold: 1.5 })).toThrow(RangeError);
    expect(() => new LogTemplateMiner({ maxChildren: 1 })).toThrow(RangeError);
    expect(() => new LogTemplateMiner({ wordVariantsToMerge: 1 })).toThrow(RangeError);
    expect(() => new LogTemplateMiner({ extraDelimiters: ["ab"] })).toThrow(RangeError);
  });
});

describe("Loghub Drain compatibility", () => {
  const drain = (extra = {}) => new LogTemplateMiner({ ...LOGHUB_DRAIN_OPTIONS, ...extra });

  it("similarity counts equal literals over length, wildcards excluded", () => {
    const m = drain({ depth: 4, similarityThreshold: 0.5 });
    m.add("send packet 1 to node a ok");
    // 5 of 7 literals equal (packet number differs, node differs) -> joins.
    expect(m.add("send packet 2 to node b ok").template).toBe("send packet <*> to node <*> ok");
    // Now 5 literals remain; a message matching them all scores 5/7 >= 0.5.
    expect(m.add("send packet 9 to node c ok").change).toBe("none");
    // Same first token, 3 of 7 equal -> below 0.5 -> new cluster.
    expect(m.add("send x y z node q ok").change).toBe("created");
  });

  it("never attaches messages shorter than depth - 2 tokens", () => {
    const m = drain({ depth: 6 });
    expect(m.add("a b c").change).toBe("created");
    expect(m.add("a b c").change).toBe("created");
    expect(m.size).toBe(2);
    const fixed = drain({ depth: 6, matchShortMessages: true });
    fixed.add("a b c");
    expect(fixed.add("a b c").change).toBe("none");
  });

  it("routes tokens with digits through the <*> child", () => {
    const m = drain({ depth: 4, similarityThreshold: 0.5 });
    m.add("job42 started on worker");
    expect(m.add("job43 started on worker").template).toBe("<*> started on worker");
  });

  it("sends new tokens to <*> once a node is full", () => {
    const m = drain({ depth: 4, maxChildren: 3, similarityThreshold: 0.5 });
    m.add("a x y z");
    m.add("b x y z");
    // Third distinct first token: node has 2 children, 2 + 1 == maxChildren -> a <*> child is made.
    m.add("c x y z");
    // Fourth falls into the <*> child and joins the cluster there.
    expect(m.add("d x y z")).toMatchObject({ clusterId: 3, template: "<*> x y z", change: "updated" });
  });

  it("scores masked tokens as non-matching, so a mostly-masked line may not rejoin its own cluster", () => {
    const m = drain({ depth: 4, similarityThreshold: 0.5, masks: [{ name: "n", pattern: String.raw`\d+` }] });
    expect(m.add("1 2 ok").change).toBe("created");
    expect(m.add("1 2 ok").change).toBe("created");
  });

  it("does not fold identical templates (Loghub groups them by template text instead)", () => {
    const m = drain({ depth: 6 });
    m.add("x");
    m.add("x");
    expect(new Set(m.clusters().map((c) => c.template))).toEqual(new Set(["x"]));
    expect(m.size).toBe(2);
  });
});
