/**
 * The detector's view of a text: what an attacker can vary without changing what a reader (human or model)
 * understands is normalised away, so the patterns see one canonical spelling.
 */
import { CONFUSABLES, LEET } from "./confusables.js";

/** Zero-width, bidi-control and other invisible format characters (Unicode category Cf), plus a few fillers. */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u17B4\u17B5\u3164\uFFA0]|\u034F/gu;
const COMBINING = /\p{M}+/gu;
const CONFUSABLE_CHARS = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "gu");

/** NFKC (full-width letters and colons, ligatures, compatibility forms) and invisible characters removed. */
export function canonicalChars(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "");
}

/** Look-alike Cyrillic and Greek letters replaced by the Latin letter they imitate. */
export function foldConfusables(text: string): string {
  return text.replace(CONFUSABLE_CHARS, (c) => CONFUSABLES[c] ?? c);
}

/** Accents removed ("précédentes" → "precedentes"), so patterns are written once, unaccented. */
export function stripMarks(text: string): string {
  return text.normalize("NFD").replace(COMBINING, "").normalize("NFC");
}

/** Digits and symbols standing for letters inside words ("1gn0re" → "ignore"); identifiers are left alone. */
export function foldLeet(text: string): string {
  return text.replace(/[a-z0-9@$]{3,}/g, (token) => {
    if (!/[013457@$]/.test(token) || /[2689]/.test(token) || /^[0-9a-f]+$/.test(token)) return token;
    const letters = token.replace(/[^a-z]/g, "").length;
    if (letters < (token.length === 3 ? 1 : 2) || letters < token.length * 0.3) return token;
    return token.replace(/[013457@$]/g, (c) => LEET[c] ?? c);
  });
}

/**
 * Letter-spaced words joined: "i g n o r e  a l l" → "ignore all", "d.e.l.e.t.e" → "delete". A run needs four
 * or more single letters with the same one-character separator; a wider gap separates words.
 */
export function despace(text: string): string {
  return text.replace(/(?:\b[a-z](?:[ ._*\-/|]|\s)){2,}[a-z]\b/g, (run) => {
    const words = run.split(/\s{2,}|\s*[/|]\s*(?=[a-z]\s)/);
    return words.map((w) => w.replace(/[^a-z]/g, "")).join(" ");
  });
}

/** The canonical view: NFKC, invisibles removed, confusables folded, accents stripped, lower case, one space. */
export function canonical(text: string): string {
  return collapse(folded(text));
}

function folded(text: string): string {
  return stripMarks(foldConfusables(canonicalChars(text)))
    .toLowerCase()
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[“”«»„]/g, '"');
}

const collapse = (text: string) => text.replace(/[\t\r\n ]+/g, " ");

/** Every view the patterns run on: canonical, with leet folded, and letter-spaced words joined. */
export function views(text: string): string[] {
  const wide = folded(text);
  const base = collapse(wide);
  const out = new Set([base]);
  out.add(foldLeet(base));
  const spaced = collapse(despace(wide));
  out.add(spaced);
  out.add(foldLeet(spaced));
  return [...out];
}
