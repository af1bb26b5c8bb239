/**
 * Change calendars of planned activity over SSM Change Calendar (`GetCalendarState`). Each configured
 * calendar lists planned events (load tests, maintenance, game days) for some services; while it is CLOSED
 * an event is in progress and alarms it causes are expected. Calendars are read one at a time so each
 * event names its own calendar.
 */
import { GetCalendarStateCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { awsCall } from "../aws-shared/errors.js";
import type { CalendarEvent, ChangeCalendarPort } from "../ports.js";

export interface PlannedActivityCalendar {
  /** Change Calendar document name or ARN. */
  name: string;
  /** Services it covers; omitted means every service. */
  services?: string[];
  /** What the calendar holds, for the report (e.g. "load tests"). */
  summary?: string;
}

export class SsmChangeCalendars implements ChangeCalendarPort {
  constructor(
    private readonly client: SSMClient,
    private readonly calendars: PlannedActivityCalendar[],
  ) {}

  async activeEvents(service: string, at: Date): Promise<CalendarEvent[]> {
    const out: CalendarEvent[] = [];
    for (const cal of this.calendars) {
      if (cal.services && !cal.services.includes(service)) continue;
      const state = await awsCall(
        {
          action: "ssm:GetCalendarState",
          resource: `Change Calendar ${cal.name}`,
          region: () => this.client.config.region(),
        },
        () =>
          this.client.send(
            new GetCalendarStateCommand({ CalendarNames: [cal.name], AtTime: at.toISOString() }),
          ),
      );
      if (state.State !== "CLOSED") continue;
      out.push({
        calendar: cal.name,
        ...(cal.summary ? { summary: cal.summary } : {}),
        ...(state.NextTransitionTime ? { until: state.NextTransitionTime } : {}),
      });
    }
    return out;
  }
}
