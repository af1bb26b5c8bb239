/**
 * The agents' view of untrusted text. The detector and the quoting live in the tool layer
 * (`tools/untrusted/`), so every reasoner, rules or model, reads text that went through the same code.
 */
export {
  isMarkedUntrusted,
  looksLikeInjection,
  markUntrusted,
  quoteUntrusted,
  screenText,
  UNTRUSTED_DATA_RULE,
  UntrustedLedger,
  unmark,
  wrapToolOutput,
} from "../../tools/untrusted/index.js";
