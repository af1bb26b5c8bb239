/// <reference lib="dom" />
/**
 * Browser tests of `air console` (`npm run test:e2e`): the demo's incidents are run by the real CLI
 * (`air run --defer`) into a temporary store, the console serves that store, and Chromium (Debian's, driven
 * by playwright-core) checks every page, approves a pending incident through the UI and watches it resolve.
 * Screenshots go to test-output/e2e/.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalConsoleStore } from "./local-store.js";
import { type RunningConsole, startConsole } from "./serve.js";

const run = promisify(execFile);
const MAIN = new URL("../cli/main.ts", import.meta.url).pathname;
const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
const SHOTS = new URL("../../test-output/e2e/", import.meta.url).pathname;
const CHROMIUM = process.env.AIR_CHROMIUM ?? "/usr/bin/chromium";

/** The demo's three incidents plus a second one that waits for a person. */
const SCENARIOS = ["disk-full-logs", "bad-ecs-deploy", "third-party-outage", "hung-process-asg"];

let stateDir: string;
let console_: RunningConsole;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const rowFor = (scenario: string) => page.locator(`tr[data-id^="${scenario}-"]`);

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it with apt-get install -y chromium (or set AIR_CHROMIUM)`,
    );
  stateDir = await mkdtemp(join(tmpdir(), "air-console-e2e-"));
  for (const scenario of SCENARIOS) {
    await run(TSX, [MAIN, "run", "--scenario", scenario, "--defer", "--out", join(stateDir, "runs")], {
      env: { ...process.env, NO_COLOR: "1", AIR_STATE_DIR: stateDir },
      timeout: 120_000,
    });
  }
  process.env.AIR_STATE_DIR = stateDir;
  console_ = await startConsole(await LocalConsoleStore.open({ reportsDir: join(stateDir, "runs") }), 0);
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await console_?.close();
});

describe("air console in a browser", () => {
  it("incidents: every demo incident with its status, service and outcome", async () => {
    await page.goto(console_.url);
    await expect(page.getByTestId("incident-count").textContent()).resolves.toBe("4");
    expect(await rowFor("disk-full-logs").getAttribute("data-status")).toBe("resolved");
    expect(await rowFor("bad-ecs-deploy").getAttribute("data-status")).toBe("awaiting-approval");
    expect(await rowFor("third-party-outage").getAttribute("data-status")).toBe("escalated");
    expect(await rowFor("bad-ecs-deploy").textContent()).toContain("checkout");
    expect(await rowFor("disk-full-logs").textContent()).toMatch(/resolved automatically/);
    await shot("incidents");
  });

  it("incidents: the status filter narrows the list", async () => {
    await page.goto(console_.url);
    await page.getByLabel("Status").selectOption("awaiting-approval");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=awaiting-approval/);
    expect(await page.getByTestId("incident-count").textContent()).toBe("2");
    expect(await page.locator("tbody tr").count()).toBe(2);
  });

  it("incident: metric chart with its marks, timeline, evidence, changes, gate, plan, report and audit chain", async () => {
    await page.goto(console_.url);
    await rowFor("disk-full-logs").getByRole("link").click();
    await page.waitForSelector(".uplot canvas");
    expect(await page.getByTestId("status").textContent()).toBe("resolved");
    const caption = await page.locator("figure.chart figcaption").textContent();
    expect(caption).toMatch(/threshold \d+/);
    expect(caption).toMatch(/alarm .*action start .*verified/);
    expect(await page.locator('[data-live="timeline"] li').count()).toBeGreaterThan(3);
    for (const heading of [
      "Log evidence",
      "Changes considered",
      "Safety gate",
      "Plan",
      "Report",
      "Audit chain",
    ])
      await expect(page.getByRole("heading", { name: heading, level: 2 }).isVisible()).resolves.toBe(true);
    expect(await page.getByTestId("gate-outcome").textContent()).toBe("auto");
    expect(await page.locator(".report h1, .report h2").count()).toBeGreaterThan(0);
    expect(await page.locator(".report").textContent()).not.toContain("**");
    await shot("incident");
  });

  it("incident: the verify button re-checks the audit chain's hashes", async () => {
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await expect
      .poll(() => page.locator("[data-verify-result]").textContent())
      .toMatch(/^Intact: \d+ records, every hash matches\.$/);
  });

  it("approvals: each pending request with its rendered evidence and the identity that will sign", async () => {
    await page.goto(`${console_.url}/approvals`);
    expect(await page.getByTestId("pending-count").textContent()).toBe("2");
    const first = page.locator(".decision").first();
    expect(await first.locator(".description h3").count()).toBe(1);
    expect(await first.locator(".description strong").count()).toBeGreaterThan(0);
    expect(await first.textContent()).not.toMatch(/\*\*|###/);
    expect(await page.getByTestId("identity").textContent()).toMatch(/^os-user:/);
    await shot("approvals");
  });

  it("approve through the UI: the run resumes, the timeline grows and the incident resolves", async () => {
    await page.goto(console_.url);
    await rowFor("bad-ecs-deploy").getByRole("link").click();
    const before = await page.locator('[data-live="timeline"] li').count();
    await page.getByLabel("Comment").fill("rollback looks right");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => page.getByTestId("status").textContent(), { timeout: 60_000 }).toBe("resolved");
    expect(await page.locator(".meta").textContent()).toMatch(/resolved after approval/);
    expect(await page.locator('[data-live="timeline"] li').count()).toBeGreaterThan(before);
    expect(await page.locator(".decision").count()).toBe(0);
    await page.waitForSelector(".uplot canvas");
    expect(await page.locator("figure.chart figcaption").textContent()).toMatch(/action start/);
    await shot("approved-incident");
    // The README's picture: the top of the incident page (status, chart, timeline) as a person first sees it.
    await page.screenshot({ path: join(SHOTS, "incident-view.png") });
  });

  it("reject through the UI: the incident no longer waits and is escalated", async () => {
    await page.goto(`${console_.url}/approvals`);
    expect(await page.getByTestId("pending-count").textContent()).toBe("1");
    await page.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => page.getByTestId("status").textContent(), { timeout: 60_000 }).toBe("escalated");
    await page.goto(`${console_.url}/approvals`);
    expect(await page.getByTestId("pending-count").textContent()).toBe("0");
  });

  it("overview: incidents over time, rates, time to mitigate and per-action success", async () => {
    await page.goto(`${console_.url}/overview`);
    expect(await page.getByTestId("total").textContent()).toBe("4");
    expect(await page.getByTestId("auto-rate").textContent()).toBe("25%");
    expect(await page.getByTestId("escalation-rate").textContent()).toBe("50%");
    await page.waitForSelector(".uplot canvas");
    expect(
      await page.locator("tr", { hasText: "ecs-rollback-service" }).locator("td").allTextContents(),
    ).toEqual(["ecs-rollback-service", "1", "1", "100%"]);
    await shot("overview");
  });

  it("keyboard and narrow windows: skip link first, labelled controls, no sideways scrolling at 375 px", async () => {
    const narrow = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await narrow.goto(console_.url);
    await narrow.keyboard.press("Tab");
    expect(await narrow.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    for (const label of ["Status", "Service", "Search"])
      expect(await narrow.getByLabel(label).count()).toBe(1);
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await narrow.screenshot({ path: join(SHOTS, "incidents-narrow.png"), fullPage: true });
    await narrow.close();
  });

  it("a decision posted from another site is refused and changes nothing", async () => {
    const response = await page.request.post(`${console_.url}/incidents/anything/decision`, {
      headers: { origin: "https://evil.example", accept: "application/json" },
      form: { decision: "accept", csrf: "guess" },
    });
    expect(response.status()).toBe(403);
  });
});
