import type { GraphDeps } from "../deps.js";
import { renderReport } from "../report/render.js";
import type { IncidentStateValue } from "../state.js";
import { note } from "./common.js";

export const REPORT_NODE = "report";

/** Writes the post-incident report and says where it went. */
export function createReportNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const line = note(ports, REPORT_NODE, "post-incident report written");
    const withLine = { ...state, timeline: [...state.timeline, line] };
    const markdown = renderReport(withLine, await ports.audit.list(state.incident.id));
    const location = await ports.reports.write(state.incident.id, markdown);
    return { reportLocation: location, timeline: [{ ...line, detail: location }] };
  };
}
