import { DEFAULT_MASKS } from "./default-masks.js";
import { Masker, rulesFromPatterns } from "./masking.js";

const masker = new Masker(DEFAULT_MASKS);
const mask = (s: string) => masker.apply(s);

describe("default masks", () => {
  it.each([
    ["connect to 10.0.0.12:8080 ok", "connect to <*> ok"],
    ["peer 192.168.1.1 up", "peer <*> up"],
    ["bind [2001:db8::1]:443", "bind <*>"],
    ["addr fe80::1ff:fe23:4567:890a", "addr <*>"],
    ["addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334 down", "addr <*> down"],
    ["flags 0x1F set", "flags <*> set"],
    ["retry 3 of 5", "retry <*> of <*>"],
    ["took -1.5 units", "took <*> units"],
    ["req 123e4567-e89b-12d3-a456-426614174000 done", "req <*> done"],
    ["open /var/log/app/out.log failed", "open <*> failed"],
    [String.raw`load C:\Windows\System32\x.dll`, "load <*>"],
    ["GET https://example.com/a?b=1 200", "GET <*> <*>"],
    ["mail to ops@example.org sent", "mail to <*> sent"],
    ["resolved api.eu.example.com quickly", "resolved <*> quickly"],
    ["proxy.corp.local:3128 open", "<*> open"],
    ["block blk_-1608999687919862906 stored", "block <*> stored"],
    ["at 2024-05-01T10:00:00Z start", "at <*> start"],
    ["at Fri Jun 17 07:07:00 2005 x", "at <*> x"],
    ["elapsed 250ms", "elapsed <*>"],
    ["sent 18.4 KB", "sent <*>"],
    ['tag="View Lock" set', 'tag="<*>" set'],
  ])("%s", (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it("keeps short names with a digit suffix and plain words", () => {
    expect(mask("Accepted password via ssh2 on eth0 over SOCKS5")).toBe(
      "Accepted password via ssh2 on eth0 over SOCKS5",
    );
  });

  it("masks key=value numbers but keeps the key", () => {
    expect(mask("session opened (uid=0) size=42")).toBe("session opened (uid=<*>) size=<*>");
  });

  it("names the rules that fired, in order", () => {
    expect(masker.explain("from 10.1.2.3 port 22")).toEqual(["ipv4", "number"]);
  });
});

describe("Masker", () => {
  it("applies rules in order", () => {
    const first = new Masker([
      { name: "ip", pattern: String.raw`\d+(\.\d+){3}` },
      { name: "num", pattern: String.raw`\d+`, replacement: "<NUM>" },
    ]);
    expect(first.apply("1.2.3.4 and 7")).toBe("<*> and <NUM>");
    const reversed = new Masker([
      { name: "num", pattern: String.raw`\d+`, replacement: "<NUM>" },
      { name: "ip", pattern: String.raw`\d+(\.\d+){3}` },
    ]);
    expect(reversed.apply("1.2.3.4 and 7")).toBe("<NUM>.<NUM>.<NUM>.<NUM> and <NUM>");
  });

  it("treats replacements literally and supports flags", () => {
    const m = new Masker([{ name: "word", pattern: "secret", flags: "i", replacement: "$&-$1" }]);
    expect(m.apply("a SECRET b secret")).toBe("a $&-$1 b $&-$1");
  });

  it("skips a rule when none of its hints occurs", () => {
    const m = new Masker([{ name: "x", pattern: "a", hint: ["zzz"] }]);
    expect(m.apply("banana")).toBe("banana");
    expect(m.apply("banana zzz")).toBe("b<*>n<*>n<*> zzz");
  });

  it("is reusable across calls (no lastIndex leaks)", () => {
    const m = new Masker(rulesFromPatterns([String.raw`\d+`]));
    expect(m.apply("1 2")).toBe("<*> <*>");
    expect(m.apply("3 4")).toBe("<*> <*>");
    expect(m.rules[0]?.name).toBe("rule1");
  });
});
