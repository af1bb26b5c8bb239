/**
 * The prompt-injection detector: one function every untrusted text (log lines, alarm names and descriptions,
 * tags, change descriptions, runbook bodies) goes through before any reasoner sees it.
 *
 * What it normalises: Unicode NFKC (full-width letters and colons, ligatures), zero-width and bidi-control
 * characters (removed), Cyrillic and Greek look-alike letters (folded to Latin, `confusables.ts`), accents,
 * digits standing for letters ("1gn0re"), and letter-spaced words ("i g n o r e"). It also decodes base64,
 * percent-encoded, `\u`-escaped and HTML-entity segments and scans what they say, and reads the string
 * fields of embedded JSON (a `"role":"system"` message, an `"instruction"` key).
 *
 * What it looks for: STRUCTURE, not one phrase. Each line is scored on independent signals — an addressee
 * (text aimed at the responder, assistant, automation, AI, agent or on-call bot: "note to the automation",
 * "AI responder:", "if you are an AI"), a directive verb, an override of standing instructions ("ignore
 * previous instructions"), a new identity ("you are now…"), prompt markup, a claim of authority or
 * pre-approval ("the approved fix is", "no sign-off needed"), a destructive request ("scale to zero",
 * "terminate all") and urgency — in English, French, Spanish, German, Portuguese and Italian (`lexicon.ts`).
 * A line is flagged when the signals add up to an instruction aimed at a reader: an override, a new
 * identity or prompt markup on its own, or an addressee / authority / role header together with an order.
 * A verb alone ("execute query took 3ms", "please retry") or a word alone ("Operating system: Linux",
 * "No space left on device (file system: /)") is never enough.
 *
 * What it never does: it never drops or rewrites evidence (callers keep flagged text, quoted and marked,
 * `mark.ts`), never decides anything about actions (the gate does), and never asks a model.
 */
import { decodedSegments, jsonStrings } from "./decode.js";
import {
  ADDRESS,
  AUTHORITY,
  CLAUSE_IMPERATIVE,
  DANGER,
  DIRECTIVE_VERB,
  EXFILTRATION,
  INSTRUCTION_KEYS,
  LINE_HEADER_ADDRESS,
  MARKUP,
  OVERRIDE,
  ROLE_HEADER,
  ROLE_HIJACK,
  ROLE_VALUES,
  SECOND_PERSON_GRANT,
  SPEAKER_KEYS,
  SPEAKER_ROLE_VALUES,
  URGENCY,
} from "./lexicon.js";
import { views } from "./normalise.js";

export type Signal =
  | "override"
  | "role-hijack"
  | "markup"
  | "address"
  | "authority"
  | "role-header"
  | "json-role"
  | "json-instruction"
  | "imperative"
  | "danger"
  | "exfiltration"
  | "urgency";

/** What the detector found in one text. */
export interface Screening {
  flagged: boolean;
  /** The signals seen, in a stable order. */
  signals: Signal[];
  /** Whether an encoded segment (base64, percent, escapes) carried the signals. */
  decoded: boolean;
}

const ORDER: Signal[] = [
  "override",
  "role-hijack",
  "markup",
  "address",
  "authority",
  "role-header",
  "json-role",
  "json-instruction",
  "imperative",
  "danger",
  "exfiltration",
  "urgency",
];
/** Signals strong enough on their own. */
const DECISIVE = new Set<Signal>(["override", "role-hijack", "markup", "exfiltration"]);
/** Signals that say who is being told, or on whose authority. */
const CONTEXT = new Set<Signal>(["address", "authority", "role-header", "json-role", "json-instruction"]);
/** Signals that say what is being asked. */
const DEMAND = new Set<Signal>(["imperative", "danger"]);

/** Longest text screened per line; beyond it, the head and tail are screened. */
const MAX_LINE = 4_000;
const MAX_DEPTH = 2;

function signalsOfView(view: string, out: Set<Signal>): void {
  if (OVERRIDE.some((p) => p.test(view))) out.add("override");
  if (ROLE_HIJACK.some((p) => p.test(view))) out.add("role-hijack");
  if (MARKUP.some((p) => p.test(view))) out.add("markup");
  const addressed = ADDRESS.map((p) => p.exec(view)).find((m) => m !== null);
  if (addressed) {
    out.add("address");
    // An order anywhere after the form of address counts ("Note to the automation: … terminate …").
    if (DIRECTIVE_VERB.test(view.slice(addressed.index + addressed[0].length))) out.add("imperative");
  }
  const header = LINE_HEADER_ADDRESS.exec(view);
  if (header) {
    // "Bot, you have permission to…", "Robot de garde : redémarrez…": a named reader told what to do. A log
    // prefix like "Agent: stop requested" is not: the order must open the clause and reach an object.
    const rest = view.slice(header[0].length);
    const opensWithOrder = new RegExp(
      `^${DIRECTIVE_VERB.source}\\s+(?!requested|completed|failed|succeeded|received|event|signal|ok\\b)\\S`,
    ).test(rest);
    if (SECOND_PERSON_GRANT.test(rest) || opensWithOrder || DANGER.some((p) => p.test(rest))) {
      out.add("address");
      out.add("imperative");
    }
  }
  for (const p of AUTHORITY) {
    const claim = p.exec(view);
    if (!claim) continue;
    out.add("authority");
    // An order after a claim of authority counts ("The approved fix is to terminate …").
    if (DIRECTIVE_VERB.test(view.slice(claim.index))) out.add("imperative");
  }
  if (EXFILTRATION.some((p) => p.test(view))) out.add("exfiltration");
  const role = ROLE_HEADER.exec(view);
  if (role) {
    out.add("role-header");
    if (DIRECTIVE_VERB.test(view.slice(role.index + role[0].length, role.index + role[0].length + 60)))
      out.add("imperative");
  }
  if (CLAUSE_IMPERATIVE.test(view)) out.add("imperative");
  if (DANGER.some((p) => p.test(view))) out.add("danger");
  if (URGENCY.test(view)) out.add("urgency");
}

function collectJson(text: string, out: Set<Signal>): void {
  const strings = jsonStrings(text);
  for (const { key, value } of strings) {
    if (SPEAKER_KEYS.test(key) && ROLE_VALUES.test(value.trim())) {
      out.add("json-role");
      // A chat message with a privileged role: an order in any of its fields counts.
      if (strings.some((s) => s.key !== key && views(s.value).some((v) => CLAUSE_IMPERATIVE.test(v))))
        out.add("imperative");
    }
    if (SPEAKER_KEYS.test(key) && SPEAKER_ROLE_VALUES.test(value.trim())) {
      // An assistant turn in data is ordinary in a chat app's logs; one that announces harm is a forged turn.
      const harmful = strings.some(
        (s) => s.key !== key && views(s.value).some((v) => DANGER.some((p) => p.test(v))),
      );
      if (harmful) {
        out.add("json-role");
        out.add("danger");
      }
    }
    if (INSTRUCTION_KEYS.test(key) && value.trim().length > 0) {
      out.add("json-instruction");
      if (views(value).some((v) => DIRECTIVE_VERB.test(v))) out.add("imperative");
    }
  }
}

function collect(text: string, out: Set<Signal>, depth: number): boolean {
  const clipped =
    text.length > MAX_LINE ? `${text.slice(0, MAX_LINE / 2)} ${text.slice(-MAX_LINE / 2)}` : text;
  for (const view of views(clipped)) signalsOfView(view, out);
  let decoded = false;
  collectJson(clipped, out);
  if (depth < MAX_DEPTH) {
    for (const segment of decodedSegments(clipped)) {
      const inner = new Set<Signal>();
      collect(segment, inner, depth + 1);
      if (decide(inner)) {
        for (const s of inner) out.add(s);
        decoded = true;
      }
    }
  }
  return decoded;
}

function decide(signals: ReadonlySet<Signal>): boolean {
  if ([...signals].some((s) => DECISIVE.has(s))) return true;
  const context = [...signals].filter((s) => CONTEXT.has(s)).length;
  const demand = [...signals].filter((s) => DEMAND.has(s)).length;
  if (context >= 1 && demand >= 1) return true;
  // A chat-message role with an instruction field, or an address backed by authority, needs no verb.
  if (signals.has("json-role") && signals.has("json-instruction")) return true;
  if (signals.has("address") && signals.has("authority")) return true;
  // No addressee, but an order to destroy, given urgently: "IMPORTANT: terminate all instances now".
  return signals.has("imperative") && signals.has("danger") && signals.has("urgency");
}

/** Screens one text, line by line: flagged when any line reads as an instruction aimed at the responder. */
export function screenText(text: string): Screening {
  const all = new Set<Signal>();
  let flagged = false;
  let decoded = false;
  const lines = text.includes("\n") ? [text, ...text.split(/\r?\n/)] : [text];
  for (const [i, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    const signals = new Set<Signal>();
    // The whole of a multi-line text is read only for its JSON and encoded parts, not for loose words.
    const wasDecoded =
      i === 0 && lines.length > 1 ? collectStructured(line, signals) : collect(line, signals, 0);
    if (i === 0 && lines.length > 1 && !(signals.has("json-role") || signals.has("json-instruction")))
      continue;
    if (decide(signals)) {
      flagged = true;
      decoded ||= wasDecoded;
      for (const s of signals) all.add(s);
    }
  }
  return { flagged, signals: ORDER.filter((s) => all.has(s)), decoded };
}

function collectStructured(text: string, out: Set<Signal>): boolean {
  collectJson(text, out);
  return false;
}
/** True when the text reads as an attempt to instruct the responder. */
export function looksLikeInjection(text: string): boolean {
  return screenText(text).flagged;
}
