/** Who an instruction is aimed at: the nouns for an automated reader, and the ways of addressing one. */
import { alt } from "./alt.js";

/** Nouns that only ever name an AI or an automated reader. */
const STRONG_ADDRESSEES = [
  "(?:incident |automated |autonomous |ai |on-?call )?responders?",
  "a\\.?i\\.?(?: (?:agents?|assistants?|systems?|models?|bots?|tools?|readers?|responders?))?",
  "artificial intelligence",
  "llms?",
  "(?:large )?language models?",
  "chat ?bots?",
  "co-?pilots?",
  "chatgpt",
  "gpt(?:-?\\d+)?",
  "claude",
  "(?:on-?call|ops|sre|incident|remediation|triage|paging|chat-?ops|slack|deploy|devops|support|monitoring) (?:bots?|automation|agents?|assistants?|ai|tools?|tooling|systems?|engines?)",
  "automated (?:\\S+ )?(?:responders?|systems?|agents?|remediation|tools?|tooling|readers?|assistants?|processes?|operators?)",
  "autonomous (?:agents?|responders?|systems?|operators?)",
  "(?:l'|la )?ia",
  "(?:die |der )?ki",
  "intelligence artificielle",
  "inteligencia artificial",
  "intelligenza artificiale",
  "kunstliche intelligenz",
  "repondeur automatique",
  "(?:systeme|sistema) (?:automatise|automatizado|automatico)",
] as const;

/** Nouns that name an automated reader only when something else shows they are being addressed. */
const WEAK_ADDRESSEES = [
  "assistants?",
  "agents?",
  "bots?",
  "robots?",
  "models?",
  "automation",
  "automations",
  "systems?",
  "operators?",
  "tools?",
  "automate",
  "automatisation",
  "asistente",
  "agente",
  "automatizacion",
  "assistent",
  "automatisierung",
  "assistente",
  "automacao",
  "robo",
  "automazione",
] as const;

export const STRONG_ADDRESSEE = alt([...STRONG_ADDRESSEES]);
export const ANY_ADDRESSEE = alt([...STRONG_ADDRESSEES, ...WEAK_ADDRESSEES]);
const DET =
  "(?:(?:the|any|all|our|your|every|each|this|dear|la|le|les|el|los|las|die|der|den|das|a|o|os|as|il|lo|gli|al|alla|au|aux|ao|cualquier|qualquer|qualsiasi|jede[nrs]?|tout|toute|todo|toda)\\s+|(?:l|all|dell|a l)'\\s*)*";

/** Orders that are never a log's own wording right after a name and a colon. */
const STRICT_VERBS = [
  "ignore",
  "disregard",
  "forget",
  "override",
  "bypass",
  "terminate",
  "delete",
  "wipe",
  "destroy",
  "purge",
  "erase",
  "scale (?:\\S+ )?(?:to|down)",
  "approve",
  "disable",
  "roll (?:it |this |that )?back",
  "revert",
  "grant",
  "skip",
  "do not",
  "don't",
  "never",
  "always",
  "mark (?:this|the|it)",
  "close (?:this|the) incident",
  "ignorez",
  "oubliez",
  "supprimez",
  "approuvez",
  "ignora",
  "olvida",
  "elimina",
  "aprueba",
  "ignoriere",
  "vergiss",
  "losche",
  "genehmige",
  "esqueca",
  "exclua",
  "aprove",
  "dimentica",
  "cancella",
  "approva",
];
const STRICT = `(?:${STRICT_VERBS.join("|")})`;

/** Ways of addressing a reader: "note to the automation", "dear assistant", "AI responder:", "if you are an AI". */
export const ADDRESS: readonly RegExp[] = [
  new RegExp(
    `\\b${alt(["notes?", "messages?", "memo", "notice", "reminder", "instructions?", "directives?", "orders?", "commands?", "requests?", "hint", "tip", "psa", "warning", "heads[- ]up", "fyi", "update", "p\\.?s\\.?", "remarque", "consignes?", "avis", "rappel", "nota", "mensaje", "aviso", "instruccion(?:es)?", "recordatorio", "hinweis", "nachricht", "notiz", "anweisung(?:en)?", "mitteilung", "mensagem", "instrucao", "instrucoes", "lembrete", "messaggio", "avviso", "istruzion[ei]", "promemoria"])}\\s+(?:${alt(["to", "for", "a", "pour", "destinee? a", "para", "an", "fur", "per", "ao"])})\\s+${DET}${ANY_ADDRESSEE}\\b`,
  ),
  new RegExp(
    `\\b${alt(["dear", "hey", "hello", "hi", "attention", "attn", "yo", "ok", "okay", "hola", "ola", "bonjour", "salut", "hallo", "ciao", "cher", "chere", "querido", "querida", "estimado", "estimada", "prezado", "prezada", "sehr geehrte[rs]?", "gentile", "liebe[rs]?", "caro", "cara", "atencion", "achtung", "attenzione", "atencao", "a l'attention (?:de|du|des)", "all'attenzione (?:di|del|della)"])}\\b[ ,:!]+${DET}${ANY_ADDRESSEE}\\b`,
  ),
  new RegExp(`(?:^|[.!?;:,"'\\[(>|*#]\\s*|\\s-{1,2}\\s)${DET}${STRONG_ADDRESSEE}\\s*(?:[:,!]|\\s-{1,2}\\s)`),
  // Mid-line, or a weaker noun: the address counts only when an unambiguous order follows at once.
  new RegExp(`\\b${ANY_ADDRESSEE}\\s*[:,]\\s*(?:please\\s+|now\\s+|kindly\\s+|you must\\s+)?${STRICT}\\b`),
  new RegExp(`(?:^|[.!?;"'\\[(>|*#]\\s*)(?:to|for|pour|para|an|per)\\s+${DET}${ANY_ADDRESSEE}\\s*[:,]`),
  new RegExp(
    `(?:^|[.!?;"'\\[(>|*#]\\s*)(?:to|for) (?:whichever|whatever|any|every|each) ${STRONG_ADDRESSEE}\\b[^:.!?]{0,40}:`,
  ),
  /\bif you(?:'re| are) (?:an? |the |some )?(?:ai|a\.i\.|llm|(?:large )?language model|assistant|automated|autonomous|bot|agent|automation|responder|model|chat ?bot|machine|robot)\b/,
  /\b(?:any|all|every) (?:ai|a\.i\.|llm|automated|autonomous) (?:systems?|agents?|tools?|assistants?|readers?|models?|responders?|bots?)\b/,
  /\bsi (?:vous etes|tu es) (?:une? |l')?(?:ia|assistant|agent|automate|robot|modele|bot)\b/,
  /\bsi (?:eres|usted es) (?:una? |el |la )?(?:ia|asistente|agente|bot|robot|modelo)\b/,
  /\b(?:wenn|falls) (?:du|sie) (?:eine? |der |die )?(?:ki|assistent|agent|bot|sprachmodell)(?:en)? (?:bist|sind)\b/,
  /\bse (?:voce e|voce for|tu es|for) (?:uma? |o |a )?(?:ia|assistente|agente|robo|bot|modelo)\b/,
  /\bse (?:sei|lei e) (?:una? |l'|un )?(?:ia|assistente|agente|bot|modello)\b/,
  /\byou,? (?:the|an?) (?:ai|assistant|responder|automation|agent|bot|model)\b/,
  // A vocative closing the sentence: "delete all instances now, AI".
  new RegExp(`,\\s*${DET}${STRONG_ADDRESSEE}\\s*[.!]*\\s*$`),
  // Whoever reads this text: "whoever processes this log", "anyone parsing these lines".
  /\b(?:whoever|whatever|anyone|anybody|any (?:reader|process|program|system|tool))\b.{0,30}?\b(?:reads?|reading|process(?:es|ing)?|pars(?:es|ing)|analy[sz](?:es|ing)|sees?|seeing|ingests?|ingesting|handles?|handling)\s+(?:this|these|the)\s+(?:\S+\s+)?(?:logs?|lines?|messages?|text|alerts?|alarms?|entry|entries|output|events?|incidents?)\b/,
  // A reader named by what it is doing to this text: "the AI reading these logs".
  new RegExp(
    `\\b${ANY_ADDRESSEE}\\s+(?:that is |who is |which is )?(?:reading|processing|parsing|analy[sz]ing|seeing|triaging|handling|investigating|monitoring)\\s+(?:this|these|the)\\b`,
  ),
  // Conditional address: "if an AI agent sees this", "if any automated system reads this".
  new RegExp(
    `\\b(?:if|when|once|whenever) (?:an?|any|the|some) (?:\\S+ )?${ANY_ADDRESSEE} (?:sees|reads|processes|finds|parses|is reading|gets|receives|handles|ingests)\\b`,
  ),
];

/**
 * A line that opens by naming a reader, possibly qualified ("Robot de garde :", "Bot, …", "Chatbot:"). A
 * weak noun here ("Agent:", "Model:") is also a common log prefix, so it counts as an address only when
 * what follows is a second-person grant or an order that opens the clause (see the detector).
 */
export const LINE_HEADER_ADDRESS = new RegExp(
  `^\\W{0,3}${DET}${ANY_ADDRESSEE}(?:\\s+(?:de|du|di|do|da|of|on|de la|della|del|von)\\s+\\S+)?\\s*[:,]\\s*`,
);
/** Second person told what it may or must now do: "you have permission to", "you must now". */
export const SECOND_PERSON_GRANT =
  /^(?:you|u)\s+(?:now\s+)?(?:have|has|are given|are granted|get|may|can|must|should|need to|are (?:now )?(?:allowed|permitted|authori[sz]ed|cleared|required))\b/;
