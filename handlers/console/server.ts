/**
 * The console's routes (Hono). Pages are rendered on the server and work without script; the client script
 * adds live updates (server-sent events), charts and the audit "verify" button. Decisions go through the
 * store's `decide`, which signs them as the identity this process can verify and resumes the run through
 * the graph's own approval check: the same path as `air approve` and the approval link.
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import { firstBrokenLink } from "../../tools/local/hash-chain.js";
import type { HumanChoice } from "../approvals/sign-decision.js";
import { asset } from "./assets.js";
import { approvalsPage } from "./pages/approvals.js";
import { incidentPage } from "./pages/incident.js";
import { incidentsPage } from "./pages/incidents.js";
import { layout } from "./pages/layout.js";
import { overviewPage } from "./pages/overview.js";
import { isLoopbackHost, sameOrigin, tokenMatches } from "./security.js";
import type { ConsoleStore } from "./store.js";
import { type IncidentSummary, overview } from "./view.js";

export const APPROVALS_PER_PAGE = 20;

export interface ConsoleEvents {
  incident: [IncidentSummary];
  timeline: [{ incidentId: string; entry: TimelineEntry }];
}

export interface ConsoleApp {
  app: Hono;
  events: EventEmitter<ConsoleEvents>;
}

export interface ConsoleOptions {
  /** The CSRF token forms carry (random per server start when omitted). */
  csrf?: string;
  now?: () => Date;
}

/** What a decision form asked for, or a message saying what is wrong with it. */
export function choiceFromForm(
  fields: Record<string, string | File | (string | File)[]>,
  proposed: { action: string },
): HumanChoice | string {
  const text = (name: string) => (typeof fields[name] === "string" ? (fields[name] as string) : "");
  const decision = text("decision");
  const comment = text("comment").trim();
  const base = comment ? { comment } : {};
  if (decision === "accept" || decision === "reject") return { decision, ...base };
  if (decision !== "edit") return "choose Approve, Approve narrowed or Reject";
  let params: unknown;
  try {
    params = JSON.parse(text("params"));
  } catch (error) {
    return `the narrowed arguments are not JSON: ${(error as Error).message}`;
  }
  if (!params || typeof params !== "object" || Array.isArray(params))
    return "the narrowed arguments must be a JSON object";
  return {
    decision: "edit",
    edited: { actionId: proposed.action, params: params as Record<string, unknown> },
    ...base,
  };
}

export function createConsoleApp(store: ConsoleStore, options: ConsoleOptions = {}): ConsoleApp {
  const csrf = options.csrf ?? randomBytes(24).toString("hex");
  const now = options.now ?? (() => new Date());
  const events = new EventEmitter<ConsoleEvents>();
  events.setMaxListeners(100);
  const app = new Hono();

  app.use("*", async (c, next) => {
    if (!isLoopbackHost(c.req.header("host")))
      return c.text("The console answers only on loopback (127.0.0.1 / localhost).", 403);
    await next();
    c.header("x-frame-options", "DENY");
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "no-referrer");
    c.header(
      "content-security-policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
  });

  const page = async (
    title: string,
    section: "incidents" | "approvals" | "overview" | undefined,
    body: ReturnType<typeof incidentsPage>,
    charts = false,
  ) =>
    layout(
      {
        title,
        ...(section ? { section } : {}),
        where: store.where,
        identity: await store.identity(),
        charts,
      },
      body,
    );

  app.get("/assets/:name", async (c) => {
    const file = await asset(c.req.param("name"));
    if (!file) return c.text("no such asset", 404);
    return c.body(file.body, 200, {
      "content-type": `${file.type}; charset=utf-8`,
      "cache-control": "max-age=300",
    });
  });

  app.get("/", async (c) => {
    const filters = { status: c.req.query("status"), service: c.req.query("service"), q: c.req.query("q") };
    return c.html(await page("Incidents", "incidents", incidentsPage(await store.list(), filters, now())));
  });

  app.get("/approvals", async (c) => {
    const waiting = (await store.list()).filter((r) => r.status === "awaiting-approval");
    // A page of requests at a time: each needs its checkpoint read for the evidence.
    const pageNo = Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1);
    const rows = waiting.slice((pageNo - 1) * APPROVALS_PER_PAGE, pageNo * APPROVALS_PER_PAGE);
    const records = (await Promise.all(rows.map((r) => store.get(r.id)))).filter((r) => r?.pending);
    return c.html(
      await page(
        "Approvals",
        "approvals",
        approvalsPage(records as NonNullable<(typeof records)[number]>[], csrf, await store.identity(), {
          page: pageNo,
          total: waiting.length,
          perPage: APPROVALS_PER_PAGE,
        }),
      ),
    );
  });

  app.get("/overview", async (c) =>
    c.html(await page("Overview", "overview", overviewPage(overview(await store.list())), true)),
  );

  app.get("/incidents/:id", async (c) => {
    const id = c.req.param("id");
    const record = await store.get(id);
    if (!record) return c.html(await page("Not found", undefined, incidentsPage([], {}, now())), 404);
    const [metric, audit, report] = await Promise.all([store.metric(id), store.audit(id), store.report(id)]);
    return c.html(
      await page(
        record.state.incident.title,
        undefined,
        incidentPage({
          record,
          ...(metric ? { metric } : {}),
          audit,
          ...(report ? { report } : {}),
          csrf,
          identity: await store.identity(),
        }),
        true,
      ),
    );
  });

  app.post("/incidents/:id/decision", async (c) => {
    const id = c.req.param("id");
    const wantsJson = (c.req.header("accept") ?? "").includes("application/json");
    const fail = (status: 400 | 403 | 404 | 409, reason: string) =>
      wantsJson ? c.json({ ok: false, reason }, status) : c.text(`Decision not accepted: ${reason}`, status);
    if (!sameOrigin(c.req.header("origin"), c.req.header("host")))
      return fail(403, "the request did not come from the console's own page");
    const fields = await c.req.parseBody();
    if (!tokenMatches(csrf, typeof fields.csrf === "string" ? fields.csrf : undefined))
      return fail(403, "the form's CSRF token is missing or stale; reload the page and decide again");
    const record = await store.get(id);
    if (!record) return fail(404, `no incident ${id}`);
    if (!record.pending) return fail(409, `incident ${id} is not waiting for a decision`);
    const choice = choiceFromForm(fields, record.pending.action_request);
    if (typeof choice === "string") return fail(400, choice);
    const result = await store.decide(id, choice, (entry) =>
      events.emit("timeline", { incidentId: id, entry }),
    );
    if (!result.ok) return fail(result.status, result.reason);
    events.emit("incident", result.summary);
    return wantsJson
      ? c.json({ ok: true, incident: result.summary })
      : c.redirect(`/incidents/${encodeURIComponent(id)}`, 303);
  });

  app.get("/api/incidents", async (c) => c.json(await store.list()));

  app.get("/api/incidents/:id", async (c) => {
    const record = await store.get(c.req.param("id"));
    return record ? c.json(record) : c.json({ error: `no incident ${c.req.param("id")}` }, 404);
  });

  /** Re-checks every hash of the incident's audit chain (read-only, so a GET). */
  app.get("/api/incidents/:id/audit/verify", async (c) => {
    const records = await store.audit(c.req.param("id"));
    const broken = firstBrokenLink(records);
    return c.json({
      records: records.length,
      intact: broken === -1,
      ...(broken >= 0 ? { firstBroken: records[broken]?.seq } : {}),
    });
  });

  app.get("/api/events", (c) =>
    streamSSE(c, async (stream) => {
      const onIncident = (summary: IncidentSummary) =>
        void stream.writeSSE({ event: "incident", data: JSON.stringify(summary) });
      const onTimeline = (data: ConsoleEvents["timeline"][0]) =>
        void stream.writeSSE({ event: "timeline", data: JSON.stringify(data) });
      events.on("incident", onIncident);
      events.on("timeline", onTimeline);
      stream.onAbort(() => {
        events.off("incident", onIncident);
        events.off("timeline", onTimeline);
      });
      await stream.writeSSE({ event: "hello", data: "{}" });
      while (!stream.aborted)
        await stream.sleep(15_000).then(() => stream.writeSSE({ event: "ping", data: "{}" }));
    }),
  );

  return { app, events };
}
