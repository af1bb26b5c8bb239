import { LogTemplateMiner, type MinerState } from "./miner.js";
import { LOGHUB_DRAIN_OPTIONS } from "./options.js";
import { generateLog } from "./synthetic.js";

const roundTrip = (m: LogTemplateMiner) =>
  LogTemplateMiner.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as MinerState);

describe("persistence", () => {
  it("restores clusters, counts, options and aliases", () => {
    const m = new LogTemplateMiner({ extraDelimiters: ["="] });
    for (const u of ["ann", "ben", "cat", "dan"]) m.add(`session opened for user ${u} by admin`);
    m.add("Worker 7 started job 12");
    const copy = roundTrip(m);
    expect(copy.clusters()).toEqual(m.clusters());
    expect(copy.options).toEqual(m.options);
    expect(copy.resolve(2)).toBe(m.resolve(2));
    expect(copy.toJSON()).toEqual(m.toJSON());
  });

  it("continues exactly as the original would", () => {
    const { lines } = generateLog(3000, 11);
    const original = new LogTemplateMiner();
    for (const l of lines.slice(0, 1500)) original.add(l);
    const restored = roundTrip(original);
    for (const l of lines.slice(1500)) expect(restored.add(l)).toEqual(original.add(l));
    expect(restored.toJSON()).toEqual(original.toJSON());
  });

  it("round-trips the Loghub-compatible tree, including short unattached messages", () => {
    const m = new LogTemplateMiner({ ...LOGHUB_DRAIN_OPTIONS, depth: 5, maxChildren: 3 });
    const lines = ["a b", "a b", "q 1 x y", "r 2 x y", "s 3 x y", "t 4 x y", "u v x y"];
    for (const l of lines.slice(0, 4)) m.add(l);
    const copy = roundTrip(m);
    for (const l of lines.slice(4)) expect(copy.add(l)).toEqual(m.add(l));
    expect(copy.clusters()).toEqual(m.clusters());
  });

  it("rejects unknown state versions", () => {
    const state = { ...new LogTemplateMiner().toJSON(), version: 2 } as unknown as MinerState;
    expect(() => LogTemplateMiner.fromJSON(state)).toThrow(/version/);
  });
});
