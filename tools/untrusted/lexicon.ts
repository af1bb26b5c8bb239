/**
 * The detector's vocabulary, kept as data: who an instruction is aimed at, the verbs that give orders, the
 * claims of override or authority, and the destructive requests, in English, French, Spanish, German,
 * Portuguese and Italian. Patterns run on the canonical view (lower case, unaccented, look-alikes folded),
 * so each is written once, in plain ASCII.
 */

export {
  ADDRESS,
  ANY_ADDRESSEE,
  LINE_HEADER_ADDRESS,
  SECOND_PERSON_GRANT,
  STRONG_ADDRESSEE,
} from "./lexicon/addressees.js";
export { AUTHORITY, MARKUP, OVERRIDE, ROLE_HEADER, ROLE_HIJACK } from "./lexicon/claims.js";
export {
  DANGER,
  EXFILTRATION,
  INSTRUCTION_KEYS,
  ROLE_VALUES,
  SPEAKER_KEYS,
  SPEAKER_ROLE_VALUES,
  URGENCY,
} from "./lexicon/requests.js";
export { CLAUSE_IMPERATIVE, DIRECTIVE_VERB } from "./lexicon/verbs.js";
