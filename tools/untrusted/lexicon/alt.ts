/** One alternation group from a list of pattern fragments. */
export const alt = (words: readonly string[]) => `(?:${words.join("|")})`;
