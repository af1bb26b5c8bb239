/** Untrusted text: the prompt-injection detector, how flagged text is kept, and screened read ports. */
export { looksLikeInjection, type Screening, type Signal, screenText } from "./detector.js";
export {
  isMarkedUntrusted,
  markUntrusted,
  quoteUntrusted,
  screenDeep,
  screenToolText,
  UNTRUSTED_DATA_RULE,
  UNTRUSTED_MARK,
  UntrustedLedger,
  unmark,
  wrapToolOutput,
} from "./mark.js";
export { screenPorts } from "./screened-ports.js";
