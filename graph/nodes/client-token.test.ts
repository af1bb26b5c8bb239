import { describe, expect, it } from "vitest";
import { clientToken } from "./client-token.js";

describe("ClientToken", () => {
  it("is a UUID, the same for the same incident, action, parameters and attempt", () => {
    const a = clientToken("inc-1", "ec2-restart-instance", { InstanceId: "i-0abc12345678" }, "fix-1");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientToken("inc-1", "ec2-restart-instance", { InstanceId: "i-0abc12345678" }, "fix-1")).toBe(a);
  });

  it("differs when anything that identifies the attempt differs", () => {
    const base = clientToken("inc-1", "a", { x: 1 }, "fix-1");
    expect(clientToken("inc-2", "a", { x: 1 }, "fix-1")).not.toBe(base);
    expect(clientToken("inc-1", "b", { x: 1 }, "fix-1")).not.toBe(base);
    expect(clientToken("inc-1", "a", { x: 2 }, "fix-1")).not.toBe(base);
    expect(clientToken("inc-1", "a", { x: 1 }, "fix-2")).not.toBe(base);
  });

  it("does not depend on parameter order", () => {
    expect(clientToken("i", "a", { x: 1, y: 2 }, "f")).toBe(clientToken("i", "a", { y: 2, x: 1 }, "f"));
  });
});
