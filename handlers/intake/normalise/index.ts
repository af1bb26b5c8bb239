/** Parsed event → normalised Alerts (one per alarm notification; SNS events may carry several). */
import type { Alert } from "../../../tools/domain/alert.js";
import type { ParsedEvent } from "../parse/detect.js";
import { fromAlarmAction, fromAlarmMessage, fromEventBridgeAlarm, fromSnsNotification } from "./alarm.js";
import { fromEc2StateChange, fromEcsDeployment, fromHealthEvent } from "./context.js";
import { type ServiceMap, type ServiceMapInput, ServiceMapSchema } from "./service-map.js";

export interface NormaliseOptions {
  /** How to find the service of an alert; defaults apply for anything left out. */
  serviceMap?: ServiceMapInput;
}

const validatedMaps = new WeakMap<object, ServiceMap>();
const DEFAULT_MAP = ServiceMapSchema.parse({});

/** The service map, validated once per map object rather than once per event. */
function serviceMapOf(input: ServiceMapInput | undefined): ServiceMap {
  if (!input) return DEFAULT_MAP;
  let map = validatedMaps.get(input);
  if (!map) {
    map = ServiceMapSchema.parse(input);
    validatedMaps.set(input, map);
  }
  return map;
}

/** Turns a validated event into Alerts. Pure: no I/O, same input gives the same alerts. */
export function normaliseEvent(parsed: ParsedEvent, options: NormaliseOptions = {}): Alert[] {
  const map = serviceMapOf(options.serviceMap);
  switch (parsed.kind) {
    case "eventbridge-alarm":
      return [fromEventBridgeAlarm(parsed.event, map)];
    case "alarm-action":
      return [fromAlarmAction(parsed.event, map)];
    case "sns-alarm":
      return parsed.notifications.map((n) => fromSnsNotification(n, map));
    case "alarm-message":
      return [fromAlarmMessage(parsed.message, map)];
    case "ec2-state-change":
      return [fromEc2StateChange(parsed.event, map)];
    case "ecs-deployment":
      return [fromEcsDeployment(parsed.event, map)];
    case "aws-health":
      return [fromHealthEvent(parsed.event, map)];
  }
}
