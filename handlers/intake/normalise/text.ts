/** Caps on untrusted free text kept in alerts (reasons, descriptions) so incidents stay small. */

export const MAX_REASON = 4096;
export const MAX_DESCRIPTION = 2048;

/** Cuts `text` to `max` characters (never inside a surrogate pair) and marks the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… [truncated ${text.length - end} characters]`;
}
