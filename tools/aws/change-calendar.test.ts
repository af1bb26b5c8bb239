import { GetCalendarStateCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsAdapterError } from "../aws-shared/errors.js";
import { SsmChangeCalendars } from "./change-calendar.js";

const ssm = mockClient(SSMClient);
const client = new SSMClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "a", secretAccessKey: "b" },
});
const at = new Date("2025-05-01T03:00:00Z");

describe("planned activity from SSM Change Calendar", () => {
  beforeEach(() => ssm.reset());

  it("a CLOSED calendar covering the service is an event in progress, until its next transition", async () => {
    ssm
      .on(GetCalendarStateCommand, { CalendarNames: ["load-tests"] })
      .resolves({ State: "CLOSED", AtTime: at.toISOString(), NextTransitionTime: "2025-05-01T04:00:00Z" });
    ssm.on(GetCalendarStateCommand, { CalendarNames: ["maintenance"] }).resolves({ State: "OPEN" });
    const port = new SsmChangeCalendars(client, [
      { name: "load-tests", services: ["search"], summary: "load tests" },
      { name: "maintenance" },
    ]);
    expect(await port.activeEvents("search", at)).toEqual([
      { calendar: "load-tests", summary: "load tests", until: "2025-05-01T04:00:00Z" },
    ]);
    const call = ssm.commandCalls(GetCalendarStateCommand)[0]?.args[0].input;
    expect(call).toEqual({ CalendarNames: ["load-tests"], AtTime: at.toISOString() });
  });

  it("asks only calendars that cover the service", async () => {
    ssm.on(GetCalendarStateCommand).resolves({ State: "CLOSED" });
    const port = new SsmChangeCalendars(client, [{ name: "load-tests", services: ["search"] }]);
    expect(await port.activeEvents("checkout", at)).toEqual([]);
    expect(ssm.commandCalls(GetCalendarStateCommand)).toHaveLength(0);
  });

  it("a missing calendar is a clear adapter error naming it", async () => {
    ssm
      .on(GetCalendarStateCommand)
      .rejects(Object.assign(new Error("not found"), { name: "InvalidDocument" }));
    const port = new SsmChangeCalendars(client, [{ name: "nope" }]);
    const err = await port.activeEvents("search", at).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsAdapterError);
    expect(String((err as Error).message)).toMatch(/nope/);
  });
});
