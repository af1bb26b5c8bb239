import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/** Colour only on a terminal that wants it (NO_COLOR and pipes get plain text). */
export function createStyler(stream: NodeJS.WriteStream = process.stdout) {
  const enabled = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  return (style: Style, text: string) => (enabled ? styleText(style, text) : text);
}

export type Styler = ReturnType<typeof createStyler>;
