/** A small five-field cron matcher (UTC) for recurring maintenance windows. */

export interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  /** Standard cron: when both day fields are restricted, either one matching is enough. */
  anyDay: boolean;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function value(text: string, names: string[] | undefined, offset: number): number {
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return index + offset;
  return /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
}

/** Parses one field (`*`, `5`, `1-5`, `*\/15`, `MON-FRI`, lists) into the set of values, or undefined. */
function field(
  text: string,
  min: number,
  max: number,
  names?: string[],
  offset = 0,
): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m?.[1]) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== "*") {
      const [a, b] = m[1].split("-");
      lo = value(a ?? "", names, offset);
      hi = b === undefined ? (m[2] ? max : lo) : value(b, names, offset);
    }
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > max || lo > hi || step < 1) {
      return undefined;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses `minute hour day-of-month month day-of-week`; undefined when invalid. */
export function parseCron(text: string): Cron | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [mi, h, dom, mo, dow] = parts as [string, string, string, string, string];
  const minute = field(mi, 0, 59);
  const hour = field(h, 0, 23);
  const dayOfMonth = field(dom, 1, 31);
  const month = field(mo, 1, 12, MONTH_NAMES, 1);
  const dayOfWeek = field(dow, 0, 7, DAY_NAMES, 0);
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) return undefined;
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  return { minute, hour, dayOfMonth, month, dayOfWeek, anyDay: dom !== "*" && dow !== "*" };
}

/** True when the minute containing `date` (UTC) matches. */
export function cronMatches(cron: Cron, date: Date): boolean {
  if (!cron.minute.has(date.getUTCMinutes()) || !cron.hour.has(date.getUTCHours())) return false;
  if (!cron.month.has(date.getUTCMonth() + 1)) return false;
  const dom = cron.dayOfMonth.has(date.getUTCDate());
  const dow = cron.dayOfWeek.has(date.getUTCDay());
  return cron.anyDay ? dom || dow : dom && dow;
}
