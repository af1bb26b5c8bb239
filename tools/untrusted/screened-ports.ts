/**
 * Read ports with every untrusted string screened: log messages, alarm names, change summaries and authors,
 * resource tags and states. Flagged text comes back marked (`⚠ untrusted instruction-like text: "…"`), and
 * the ledger records it. The agents read the world only through these, in rules and model mode alike.
 */
import type { ChangeEvent, LogEvent, ResourceDescription } from "../domain/index.js";
import type { AlarmSummary, Ports } from "../ports.js";
import { screenDeep, type UntrustedLedger } from "./mark.js";

export function screenPorts(ports: Ports, ledger: UntrustedLedger): Ports {
  const screen = (t: string) => ledger.screen(t);
  const logEvent = (e: LogEvent): LogEvent => ({ ...e, message: screen(e.message) });
  const change = (c: ChangeEvent): ChangeEvent => screenDeep(c, screen);
  const resource = (r: ResourceDescription): ResourceDescription => ({
    ...r,
    state: screen(r.state),
    tags: screenDeep(r.tags, screen),
    attributes: Object.fromEntries(
      Object.entries(r.attributes).map(([k, v]) => [k, typeof v === "string" ? screen(v) : v]),
    ),
  });
  const alarm = (a: AlarmSummary): AlarmSummary => ({ ...a, name: screen(a.name) });
  return {
    ...ports,
    logs: { query: async (q) => (await ports.logs.query(q)).map(logEvent) },
    alarms: {
      describe: async (name) => {
        const a = await ports.alarms.describe(name);
        return a && alarm(a);
      },
      list: async (filter) => (await ports.alarms.list(filter)).map(alarm),
    },
    changes: { list: async (q) => (await ports.changes.list(q)).map(change) },
    resources: {
      describe: async (id) => {
        const r = await ports.resources.describe(id);
        return r && resource(r);
      },
      listByService: async (service) => (await ports.resources.listByService(service)).map(resource),
      dependencies: (service) => ports.resources.dependencies(service),
    },
  };
}
