import { compileLogFormat, parseLine, stripHeader } from "./log-format.js";
import { scoreParsing } from "./metrics.js";

describe("compileLogFormat", () => {
  it("captures header fields and the content", () => {
    const f = compileLogFormat(String.raw`<Date> <Time> <Level> \[<Thread>\] <Component>: <Content>`);
    expect(f.fields).toEqual(["Date", "Time", "Level", "Thread", "Component", "Content"]);
    expect(parseLine(f, "2024-01-02 10:00:00 INFO  [main] app.Server: Listening on port 80\r")).toEqual({
      Date: "2024-01-02",
      Time: "10:00:00",
      Level: "INFO",
      Thread: "main",
      Component: "app.Server",
      Content: "Listening on port 80",
    });
    expect(parseLine(f, "garbage")).toBeUndefined();
  });

  it("supports optional groups and rejects bad field names", () => {
    const f = compileLogFormat(String.raw`<Host> <Component>(\[<PID>\])?: <Content>`);
    expect(parseLine(f, "h1 sshd[42]: hello world")?.["PID"]).toBe("42");
    expect(parseLine(f, "h1 cron: tick")).toMatchObject({ Component: "cron", PID: "", Content: "tick" });
    expect(() => compileLogFormat("<a-b> <Content>")).toThrow();
    expect(() => compileLogFormat("<Content> <Content>")).toThrow();
  });
});

describe("stripHeader", () => {
  it.each([
    ["2024-01-02 10:00:00,123 INFO app.Server: Listening on port 80", "Listening on port 80"],
    ["Jun 14 15:16:01 combo sshd[19939]: check pass; user unknown", "check pass; user unknown"],
    ["[Sun Dec 04 04:47:44 2005] [error] mod_jk child in error state 6", "mod_jk child in error state 6"],
    ["INFO", "INFO"],
    ["plain message without header", "plain message without header"],
  ])("%s", (line, expected) => {
    expect(stripHeader(line)).toBe(expected);
  });
});

describe("scoreParsing", () => {
  const t = (labels: string) => [...labels].map((label) => ({ label, template: `T${label}` }));

  it("scores a perfect grouping as 1 regardless of label names", () => {
    const s = scoreParsing(t("aabbc"), t("xxyyz"));
    expect(s).toMatchObject({ ga: 1, fga: 1, pairF1: 1, predictedGroups: 3, trueGroups: 3, pa: 0 });
  });

  it("counts a line right only if its whole group matches (Loghub GA)", () => {
    // Predicted group x merges truth a and b; truth c is split into y and z.
    const s = scoreParsing(t("aabccd"), t("xxxyzw"));
    expect(s.ga).toBeCloseTo(1 / 6);
    // Right groups: only w (= d). PGA = 1/4, RGA = 1/4.
    expect(s.fga).toBeCloseTo(0.25);
  });

  it("ignores lines without a true label and compares templates whitespace-insensitively", () => {
    const truth = [
      { label: "a", template: "open  <*>" },
      { label: "", template: "" },
    ];
    const pred = [
      { label: "1", template: "open <*>" },
      { label: "2", template: "x" },
    ];
    expect(scoreParsing(truth, pred)).toMatchObject({ ga: 1, pa: 1, predictedGroups: 1 });
  });
});
