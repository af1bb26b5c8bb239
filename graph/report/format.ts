/** Markdown helpers of the post-incident report: a table cell, inline code. */
export const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
export const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
