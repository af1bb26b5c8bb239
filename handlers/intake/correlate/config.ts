/** Intake policy: correlation and flapping windows, maintenance windows and the service map. */
import { z } from "zod";
import { ServiceMapSchema } from "../normalise/service-map.js";
import { parseCron } from "./cron.js";

const IsoTimeSchema = z.iso.datetime({ offset: true });

/** Either an explicit start/end, or a cron-ish recurring start (UTC) with a duration. */
export const MaintenanceWindowSchema = z.union([
  z.object({
    /** Service name, or `*` for every service. */
    service: z.string().min(1),
    start: IsoTimeSchema,
    end: IsoTimeSchema,
    reason: z.string().optional(),
  }),
  z.object({
    service: z.string().min(1),
    /** Five fields, UTC: minute hour day-of-month month day-of-week (`*`, lists, ranges, steps). */
    cron: z.string().refine((text) => parseCron(text) !== undefined, "not a five-field cron expression"),
    durationMinutes: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 60),
    reason: z.string().optional(),
  }),
]);
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

export const IntakeConfigSchema = z.object({
  /** An alert on the same service joins an incident opened at most this long before (or after) it. */
  correlationWindowMinutes: z.number().positive().default(10),
  /** ALARM → OK → ALARM of one alarm within this window marks the incident flapping. */
  flappingWindowMinutes: z.number().positive().default(30),
  /** A run start not confirmed (`confirmRunStart`) within this long is handed out again on redelivery. */
  runStartLeaseSeconds: z.number().positive().default(120),
  /** Alerts in `Incident.alerts`: the first one and the most recent, this many in all (all are stored). */
  incidentAlertLimit: z.number().int().min(2).max(500).default(50),
  maintenanceWindows: z.array(MaintenanceWindowSchema).default([]),
  serviceMap: ServiceMapSchema.default(ServiceMapSchema.parse({})),
});
export type IntakeConfig = z.infer<typeof IntakeConfigSchema>;
export type IntakeConfigInput = z.input<typeof IntakeConfigSchema>;
