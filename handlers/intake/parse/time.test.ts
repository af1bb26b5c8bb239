import { describe, expect, it } from "vitest";
import { toIsoTime } from "./time.js";

describe("toIsoTime", () => {
  it.each([
    ["2019-10-02T17:04:40.989+0000", "2019-10-02T17:04:40.989Z"],
    ["2021-03-01T23:59:59.5+0000", "2021-03-01T23:59:59.500Z"],
    ["2015-06-03T17:43:27.123Z", "2015-06-03T17:43:27.123Z"],
    ["2019-10-02T17:04:40Z", "2019-10-02T17:04:40.000Z"],
    ["2019-10-02T19:04:40.000+02:00", "2019-10-02T17:04:40.000Z"],
    ["2019-10-02T12:34:40.000-0430", "2019-10-02T17:04:40.000Z"],
    ["2019-10-02T17:04:40", "2019-10-02T17:04:40.000Z"],
    ["2019-10-02T17:04:40.123456789Z", "2019-10-02T17:04:40.123Z"],
  ])("ISO-8601 %s → %s", (input, expected) => {
    expect(toIsoTime(input)).toBe(expected);
  });

  it.each([
    ["Wed, 05 Apr 2023 12:00:00 GMT", "2023-04-05T12:00:00.000Z"],
    ["Fri, 10 Jun 2022 05:01:10 GMT", "2022-06-10T05:01:10.000Z"],
    // AWS's own Health sample names the wrong weekday; the date wins.
    ["Thu, 27 Jan 2026 13:44:13 GMT", "2026-01-27T13:44:13.000Z"],
    ["5 Apr 2023 12:00:00 +0200", "2023-04-05T10:00:00.000Z"],
  ])("RFC-1123 %s → %s", (input, expected) => {
    expect(toIsoTime(input)).toBe(expected);
  });

  it("crosses the date line when applying an offset", () => {
    expect(toIsoTime("2021-12-31T23:30:00.000-0100")).toBe("2022-01-01T00:30:00.000Z");
  });

  it.each([
    "",
    "yesterday",
    "2019-02-30T00:00:00Z",
    "2019-13-01T00:00:00Z",
    "2019-10-02T24:00:00Z",
    "2019-10-02T17:04:40+2500",
    "Wed, 32 Apr 2023 12:00:00 GMT",
    "Wed, 05 Foo 2023 12:00:00 GMT",
    "1570036000",
    `2019-10-02T17:04:40Z${" ".repeat(100)}`,
  ])("rejects %j", (input) => {
    expect(toIsoTime(input)).toBeUndefined();
  });
});
