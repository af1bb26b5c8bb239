import { type Html, html } from "./html.js";

export type Section = "incidents" | "approvals" | "overview";

export interface LayoutOptions {
  title: string;
  section?: Section;
  where: string;
  identity: string;
  /** Extra head content, e.g. the chart library for pages that chart. */
  charts?: boolean;
}

/** Every page: a skip link, the navigation, one `main`, and the store and identity in the footer. */
export function layout(options: LayoutOptions, body: Html): string {
  const nav = (section: Section, href: string, label: string) =>
    html`<a href="${href}" ${options.section === section ? html`aria-current="page"` : ""}>${label}</a>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · air console</title>
<link rel="stylesheet" href="/assets/console.css">
${options.charts ? html`<link rel="stylesheet" href="/assets/uplot.css"><script src="/assets/uplot.js" defer></script>` : ""}
<script src="/assets/console.js" defer></script>
</head><body>
<a class="skip" href="#main">Skip to content</a>
<header><strong>air</strong> console
<nav aria-label="Sections">${nav("incidents", "/", "Incidents")} ${nav("approvals", "/approvals", "Approvals")} ${nav("overview", "/overview", "Overview")}</nav></header>
<main id="main">${body}</main>
<footer><p>Store: ${options.where} · deciding as <code data-testid="identity">${options.identity}</code></p>
<p id="live" role="status" aria-live="polite"></p></footer>
</body></html>`.value;
}
