/** EC2, ECS and AWS Health events → context Alerts (they attach to incidents but never open one). */
import type { AlarmState, Alert, AlertSource } from "../../../tools/domain/alert.js";
import { isRegionCode } from "../parse/regions.js";
import type {
  Ec2StateChangeEvent,
  EcsDeploymentEvent,
  HealthEvent,
} from "../parse/schemas/context-events.js";
import { toIsoTime } from "../parse/time.js";
import { fingerprintOf } from "./fingerprint.js";
import { dimensionsFromArn } from "./resources.js";
import { resolveService, type ServiceMap } from "./service-map.js";
import { clip, MAX_DESCRIPTION, MAX_REASON } from "./text.js";

interface ContextFacts {
  id: string;
  source: AlertSource;
  /** Names the subject; with account and region it forms the fingerprint. */
  alarmName: string;
  accountId: string;
  region: string;
  state: AlarmState;
  reason: string;
  description?: string | undefined;
  time: string;
  resources: string[];
}

function toAlert(facts: ContextFacts, map: ServiceMap): Alert {
  const dimensions = Object.assign({}, ...facts.resources.map(dimensionsFromArn)) as Record<string, string>;
  const service = resolveService({ alarmName: facts.alarmName, tags: {}, dimensions }, map);
  return {
    id: facts.id,
    source: facts.source,
    fingerprint: fingerprintOf(facts),
    alarmName: clip(facts.alarmName, 255),
    accountId: facts.accountId,
    region: facts.region,
    state: facts.state,
    reason: clip(facts.reason, MAX_REASON),
    ...(facts.description ? { description: clip(facts.description, MAX_DESCRIPTION) } : {}),
    time: facts.time,
    ...(service ? { service } : {}),
    resources: [...new Set(facts.resources)],
    tags: {},
  };
}

/** EventBridge times are validated ISO; re-emitted with milliseconds like every other alert time. */
function iso(time: string): string {
  return toIsoTime(time) ?? time;
}

const EC2_STATES: Record<string, AlarmState> = { running: "OK", pending: "INSUFFICIENT_DATA" };

/** EC2 instance state change: running is OK, pending is unknown, anything else (stopped...) is ALARM. */
export function fromEc2StateChange(event: Ec2StateChangeEvent, map: ServiceMap): Alert {
  const instanceId = event.detail["instance-id"];
  const state = event.detail.state;
  return toAlert(
    {
      id: event.id,
      source: "ec2-state-change",
      alarmName: `EC2 instance ${instanceId}`,
      accountId: event.account,
      region: event.region,
      state: (Object.hasOwn(EC2_STATES, state) ? EC2_STATES[state] : undefined) ?? "ALARM",
      reason: `EC2 instance ${instanceId} is ${state}`,
      time: iso(event.time),
      resources: [...event.resources, instanceId],
    },
    map,
  );
}

/** ECS deployment: failed (or ERROR) is ALARM, completed is OK, in progress is unknown. */
export function fromEcsDeployment(event: EcsDeploymentEvent, map: ServiceMap): Alert {
  const { eventName, eventType, reason, deploymentId } = event.detail;
  const serviceArn = event.resources.find((r) => r.includes(":service/")) ?? event.resources[0];
  const subject = serviceArn?.split("/").at(-1) ?? deploymentId;
  let state: AlarmState = "INSUFFICIENT_DATA";
  if (eventType === "ERROR" || eventName.endsWith("_FAILED")) state = "ALARM";
  else if (eventName.endsWith("_COMPLETED")) state = "OK";
  return toAlert(
    {
      id: event.id,
      source: "ecs-deployment",
      alarmName: `ECS deployment of ${subject}`,
      accountId: event.account,
      region: event.region,
      state,
      reason: `${eventName} (${eventType}) ${deploymentId}: ${reason}`,
      time: iso(event.time),
      resources: event.resources,
    },
    map,
  );
}

const HEALTH_STATES: Record<string, AlarmState> = {
  open: "ALARM",
  closed: "OK",
  upcoming: "INSUFFICIENT_DATA",
};

/** AWS Health event: time is its last update (else start, else delivery), from RFC-1123 dates. */
export function fromHealthEvent(event: HealthEvent, map: ServiceMap): Alert {
  const d = event.detail;
  const status = d.statusCode ?? "open";
  const text = d.eventDescription.find((e) => e.language === "en_US") ?? d.eventDescription[0];
  const window = [d.startTime, d.endTime].filter(Boolean).join(" to ");
  return toAlert(
    {
      id: event.id,
      source: "aws-health",
      alarmName: `AWS Health ${d.eventTypeCode}`,
      accountId: d.affectedAccount || event.account,
      region: d.eventRegion && isRegionCode(d.eventRegion) ? d.eventRegion : event.region,
      state: (Object.hasOwn(HEALTH_STATES, status) ? HEALTH_STATES[status] : undefined) ?? "ALARM",
      reason: text?.latestDescription ?? `${d.eventTypeCode} is ${status}`,
      description:
        `AWS Health ${d.eventTypeCategory} for ${d.service} (${d.eventScopeCode ?? "scope unknown"}, ${status})` +
        (window ? `, ${window}` : "") +
        (d.actionability ? `, ${d.actionability}` : ""),
      time: d.lastUpdatedTime ?? d.startTime ?? iso(event.time),
      resources: [...event.resources, ...d.affectedEntities.map((e) => e.entityValue)],
    },
    map,
  );
}
