// The console's client script: live updates over server-sent events, charts (uPlot, served locally), the
// audit chain's verify button, and decisions posted without leaving the page. Pages work without it.
(() => {
  const live = document.getElementById("live");
  const say = (text) => {
    if (live) live.textContent = text;
  };

  const events = new EventSource("/api/events");
  events.addEventListener("timeline", (e) => {
    const { incidentId, entry } = JSON.parse(e.data);
    const meta = document.querySelector("[data-incident]");
    const list = document.querySelector('[data-live="timeline"]');
    if (meta && list && meta.getAttribute("data-incident") === incidentId) {
      const li = document.createElement("li");
      const time = document.createElement("time");
      time.textContent = entry.time.slice(11, 16);
      const node = document.createElement("strong");
      node.textContent = entry.node;
      li.append(time, " ", node, " ", entry.summary);
      list.append(li);
    }
    say(`${incidentId}: ${entry.summary}`);
  });
  events.addEventListener("incident", (e) => {
    const summary = JSON.parse(e.data);
    say(`${summary.id} is now ${summary.status.replace(/-/g, " ")}`);
    const row = document.querySelector(`tr[data-id="${CSS.escape(summary.id)}"]`);
    if (row) {
      row.dataset.status = summary.status;
      const badge = row.querySelector(".badge");
      if (badge) {
        badge.className = `badge ${summary.status}`;
        badge.textContent = summary.status.replace(/-/g, " ");
      }
    }
  });

  for (const form of document.querySelectorAll("form[data-decision-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = new FormData(form);
      if (event.submitter) body.set(event.submitter.name, event.submitter.value);
      for (const b of form.querySelectorAll("button")) b.disabled = true;
      say("Recording your decision; the responder continues now…");
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(body),
        headers: { accept: "application/json" },
      });
      const result = await response.json().catch(() => ({ ok: false, reason: `HTTP ${response.status}` }));
      if (result.ok) location.assign(`/incidents/${encodeURIComponent(result.incident.id)}`);
      else {
        say(`Decision not accepted: ${result.reason}`);
        for (const b of form.querySelectorAll("button")) b.disabled = false;
      }
    });
  }

  for (const button of document.querySelectorAll("[data-verify]")) {
    button.addEventListener("click", async () => {
      const out = button.parentElement.querySelector("[data-verify-result]");
      const r = await (await fetch(button.dataset.verify)).json();
      out.textContent = r.intact
        ? `Intact: ${r.records} records, every hash matches.`
        : `Broken at record ${r.firstBroken}.`;
    });
  }

  const charts = () => {
    if (typeof uPlot === "undefined") return;
    for (const fig of document.querySelectorAll("figure[data-chart]")) {
      const data = JSON.parse(fig.querySelector('script[type="application/json"]').textContent);
      const width = Math.max(280, Math.min(900, fig.clientWidth || 600));
      let plot;
      if (fig.dataset.chart === "metric") {
        const xs = data.points.map((p) => Date.parse(p.time) / 1000);
        const ys = data.points.map((p) => p.value);
        const marks = data.marks.map((m) => ({ x: Date.parse(m.at) / 1000, label: m.label }));
        const win = data.window
          ? [Date.parse(data.window.from) / 1000, Date.parse(data.window.to) / 1000]
          : null;
        plot = new uPlot(
          {
            width,
            height: 240,
            title: data.label,
            series: [
              {},
              { label: "value", stroke: "#1f6feb", width: 2 },
              { label: "threshold", stroke: "#d1242f", dash: [6, 4] },
            ],
            hooks: {
              draw: [
                (u) => {
                  const ctx = u.ctx;
                  ctx.save();
                  if (win) {
                    ctx.fillStyle = "rgba(46,160,67,0.15)";
                    const a = u.valToPos(win[0], "x", true),
                      b = u.valToPos(win[1], "x", true);
                    ctx.fillRect(a, u.bbox.top, b - a, u.bbox.height);
                  }
                  ctx.strokeStyle = "#6e7781";
                  ctx.fillStyle = "#24292f";
                  ctx.font = `${12 * devicePixelRatio}px sans-serif`;
                  for (const [i, m] of marks.entries()) {
                    const x = u.valToPos(m.x, "x", true);
                    ctx.beginPath();
                    ctx.moveTo(x, u.bbox.top);
                    ctx.lineTo(x, u.bbox.top + u.bbox.height);
                    ctx.stroke();
                    ctx.fillText(m.label, x + 4, u.bbox.top + (14 + 14 * (i % 3)) * devicePixelRatio);
                  }
                  ctx.restore();
                },
              ],
            },
          },
          [xs, ys, xs.map(() => data.threshold ?? null)],
          fig,
        );
      } else {
        const xs = data.map((d) => Date.parse(d.day) / 1000);
        plot = new uPlot(
          {
            width,
            height: 200,
            series: [{}, { label: "incidents", stroke: "#1f6feb", fill: "rgba(31,111,235,0.2)", width: 2 }],
          },
          [xs, data.map((d) => d.count)],
          fig,
        );
      }
      fig.querySelector(".fallback")?.setAttribute("hidden", "");
      plot.root.setAttribute("aria-hidden", "true");
    }
  };
  if (document.readyState === "complete") charts();
  else addEventListener("load", charts);
})();
