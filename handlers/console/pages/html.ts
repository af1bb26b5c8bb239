/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already `Html`
 * (produced by this tag, or sanitised by the markdown renderer and wrapped with `trusted`). Incident data
 * quotes logs and alarm text, so nothing reaches the page unescaped by accident.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Part = Html | string | number | boolean | undefined | null | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeText(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ""), ""));
}

/** For HTML that is already safe (the sanitised markdown renderer's output, the server's own SVG). */
export const trusted = (value: string) => new Html(value);

/** JSON for a `<script type="application/json">` block: `<` escaped so text can never close the tag. */
export const jsonData = (value: unknown) => new Html(JSON.stringify(value).replace(/</g, "\\u003c"));
