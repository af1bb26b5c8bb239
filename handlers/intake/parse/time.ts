/**
 * Timestamp normalisation. CloudWatch writes `2019-10-03T16:00:04.653+0000` (no colon in the offset, which
 * `Date.parse` handles differently across engines) and AWS Health writes RFC-1123 dates
 * (`Fri, 10 Jun 2022 05:01:10 GMT`). Both are parsed field by field here and returned as ISO-8601 UTC.
 */

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const RFC1123_RE =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(GMT|UTC|UT|Z|[+-]\d{4})$/i;

/** Longest time string we try to parse; anything longer is not a timestamp. */
const MAX_TIME_LENGTH = 64;

/** Builds a UTC epoch from calendar fields, or undefined when a field is out of range (e.g. 31 Feb). */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t;
}

/** Offset like `+0000`, `+05:30`, `-08`, `Z`, `GMT` → minutes east of UTC. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || /^(z|gmt|utc|ut)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? "0");
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

function fromIso(text: string): number | undefined {
  const m = ISO_RE.exec(text);
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  const base = utcMillis(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? "0"),
    ms,
  );
  const offset = offsetMinutes(m[8]);
  if (base === undefined || offset === undefined) return undefined;
  return base - offset * 60_000;
}

function fromRfc1123(text: string): number | undefined {
  const m = RFC1123_RE.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[2] ?? "").toLowerCase()) + 1;
  const base = utcMillis(
    Number(m[3]),
    month,
    Number(m[1]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? "0"),
    0,
  );
  const offset = offsetMinutes(m[7]);
  if (base === undefined || offset === undefined) return undefined;
  return base - offset * 60_000;
}

/**
 * Parses ISO-8601 (with `Z`, `+00:00` or `+0000` offsets; no offset means UTC) or RFC-1123 text and
 * returns `YYYY-MM-DDTHH:mm:ss.sssZ`, or undefined when the text is not a valid timestamp.
 * The weekday of an RFC-1123 date is not checked (AWS's own samples get it wrong).
 */
export function toIsoTime(text: string): string | undefined {
  if (typeof text !== "string" || text.length > MAX_TIME_LENGTH) return undefined;
  const trimmed = text.trim();
  const millis = fromIso(trimmed) ?? fromRfc1123(trimmed);
  if (millis === undefined || !Number.isFinite(millis)) return undefined;
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
