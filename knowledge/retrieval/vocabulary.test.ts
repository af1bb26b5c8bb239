import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { VOCABULARY_PATH } from "../corpus/paths.js";
import { stem, terms } from "./text.js";
import { defaultVocabulary, parseVocabulary, VocabularyFileSchema } from "./vocabulary.js";

describe("the ops vocabulary (vocabulary.yaml)", () => {
  const file = VocabularyFileSchema.parse(parse(readFileSync(VOCABULARY_PATH, "utf8")));

  it("every group member is searchable: it has at least one term once stop words are dropped", () => {
    for (const group of file.groups)
      for (const member of group)
        expect(terms(member), `"${member}" in [${group.join(", ")}]`).not.toEqual([]);
  });

  it("no phrase is listed twice, in one group or two (inflections stem alike)", () => {
    const owner = new Map<string, number>();
    file.groups.forEach((group, i) => {
      for (const member of group) {
        const key = member.toLowerCase().split(/\W+/).map(stem).join(" ");
        expect(owner.has(key), `"${member}" is in groups ${owner.get(key)} and ${i}`).toBe(false);
        owner.set(key, i);
      }
    });
  });

  it("no filler word is also a vocabulary word", () => {
    const vocabulary = defaultVocabulary();
    for (const group of file.groups)
      for (const member of group)
        if (!member.includes(" ")) expect(vocabulary.isFiller(member), member).toBe(false);
  });

  it("expands abbreviations and inflections to their group, typed words weighing more", () => {
    const vocabulary = defaultVocabulary();
    const oom = vocabulary.analyse("ran out of memory");
    expect(oom.concepts).toHaveLength(1);
    expect(oom.concepts[0]?.synonyms).toContain("oom");
    const throttled = vocabulary.analyse("DDB throttled");
    expect(throttled.concepts.map((c) => c.surface)).toEqual(["DDB", "throttled"]);
    expect(throttled.weights.get("dynamodb")).toBe(0.5);
    expect(throttled.weights.get("throttl")).toBe(1);
  });

  it("drops filler words and keeps the rest as concepts", () => {
    const analysed = defaultVocabulary().analyse("how do I fix this lunch order problem");
    expect(analysed.concepts.map((c) => c.surface)).toEqual(["lunch", "order"]);
  });

  it("rejects a malformed file, naming the field", () => {
    expect(() => parseVocabulary("groups: [[alone]]", "v.yaml")).toThrow(/v\.yaml: groups\.0/);
  });
});
