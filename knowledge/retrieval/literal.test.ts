import { describe, expect, it } from "vitest";
import { compileLogPattern } from "../corpus/schema.js";
import { requiredLiteral } from "./literal.js";

describe("requiredLiteral", () => {
  const cases: [string, string | undefined][] = [
    ["No space left on device", "device"],
    ["/No space left on device.*\\/var\\/log/", "no space left on device"],
    ["/logrotate|log rotation/", undefined],
    ["/(failed|unable) to write (to )?log/", " to write "],
    ["/health ?check (timed out|timeout)/", "health"],
    ["/duration: \\d+ ms/", "duration: "],
    ["/curl\\//", "curl/"],
    ["/[a-z]+Exception/", "exception"],
  ];
  it.each(cases)("%s → %s", (pattern, literal) => {
    expect(requiredLiteral(pattern)).toBe(literal);
  });

  it("never filters out a line the pattern matches", () => {
    const lines = [
      "write /var/log/app/a.log: No space left on device",
      "Health check timed out after 5000 ms",
      "unable to write to log",
      "GET / ua=curl/8.1",
    ];
    for (const [pattern] of cases) {
      const literal = requiredLiteral(pattern);
      const regex = compileLogPattern(pattern);
      for (const line of lines) {
        if (regex.test(line))
          expect(literal === undefined || line.toLowerCase().includes(literal)).toBe(true);
      }
    }
  });
});
