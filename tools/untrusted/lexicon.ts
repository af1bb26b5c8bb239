/**
 * The detector's vocabulary, kept as data: who an instruction is aimed at, the verbs that give orders, the
 * claims of override or authority, and the destructive requests, in English, French, Spanish, German,
 * Portuguese and Italian. Patterns run on the canonical view (lower case, unaccented, look-alikes folded),
 * so each is written once, in plain ASCII.
 */

const alt = (words: readonly string[]) => `(?:${words.join("|")})`;

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

/** Directive verbs, imperative or infinitive, in the six languages. */
const VERBS = [
  // English
  "ignore",
  "disregard",
  "forget",
  "override",
  "bypass",
  "circumvent",
  "run",
  "execute",
  "exec",
  "invoke",
  "trigger",
  "launch",
  "restart",
  "reboot",
  "terminate",
  "delete",
  "remove",
  "drop",
  "wipe",
  "destroy",
  "kill",
  "purge",
  "erase",
  "truncate",
  "shut ?down",
  "stop",
  "halt",
  "scale",
  "set",
  "change",
  "approve",
  "authori[sz]e",
  "grant",
  "disable",
  "deactivate",
  "turn off",
  "roll ?back",
  "revert",
  "deploy",
  "apply",
  "send",
  "upload",
  "exfiltrate",
  "email",
  "reveal",
  "print",
  "output",
  "respond",
  "reply",
  "say",
  "mark",
  "close",
  "resolve",
  "proceed",
  "perform",
  "treat",
  "classify",
  "pretend",
  "act as",
  "follow",
  "obey",
  "comply",
  "must",
  "should",
  "shall",
  "needs? to",
  "have to",
  "are to",
  "is to",
  "do not",
  "don't",
  "never",
  "make sure",
  "ensure",
  "open",
  "page",
  "notify",
  "skip",
  "clean ?up",
  "empty",
  "stop following",
  "take",
  "give",
  "grant",
  "allow",
  "flush",
  "detach",
  "deregister",
  "revoke",
  "rotate",
  "reset",
  // French
  "ignore[rz]?",
  "oublie[rz]?",
  "execute[rz]?",
  "lance[rz]?",
  "redemarre[rz]?",
  "supprime[rz]?",
  "arrete[rz]?",
  "approuve[rz]?",
  "desactive[rz]?",
  "mette[zr]",
  "mets",
  "reduise[zr]",
  "reduis",
  "efface[rz]?",
  "termine[rz]?",
  "faites",
  "fais",
  "vous devez",
  "tu dois",
  "il faut",
  "eteins",
  "eteignez",
  "valide[rz]?",
  // Spanish
  "ignora[rd]?",
  "olvida[rd]?",
  "ejecuta[rd]?",
  "ejecute",
  "reinicia[rd]?",
  "reinicie",
  "elimina[rd]?",
  "elimine",
  "borra[rd]?",
  "borre",
  "apaga[rd]?",
  "apague",
  "aprueba",
  "apruebe",
  "aprobar",
  "desactiva[rd]?",
  "desactive",
  "escala[rd]?",
  "deten(?:er)?",
  "detenga",
  "termina[rd]?",
  "termine",
  "debes",
  "tienes que",
  "haz",
  "pon",
  "omite",
  // German
  "ignoriere[nt]?",
  "vergiss",
  "vergessen",
  "fuhre",
  "fuhren",
  "ausfuhren",
  "starte",
  "starten",
  "neu starten",
  "losche",
  "loschen",
  "beende",
  "beenden",
  "stoppe",
  "stoppen",
  "genehmige",
  "genehmigen",
  "deaktiviere",
  "deaktivieren",
  "setze",
  "setzen",
  "skaliere",
  "skalieren",
  "du musst",
  "sie mussen",
  "fahre",
  "entferne",
  "entfernen",
  // Portuguese
  "esqueca",
  "esquecer",
  "execute",
  "executar",
  "reinicie",
  "reiniciar",
  "exclua",
  "excluir",
  "apagar",
  "encerre",
  "encerrar",
  "aprove",
  "aprovar",
  "desative",
  "desativar",
  "pare",
  "parar",
  "defina",
  "definir",
  "voce deve",
  "desligue",
  "remova",
  // Italian
  "dimentica",
  "dimenticare",
  "esegui",
  "eseguire",
  "eliminare",
  "rimuovere",
  "distruggere",
  "spegnere",
  "riavvia",
  "riavviare",
  "cancella",
  "cancellare",
  "terminare",
  "approva",
  "approvare",
  "disattiva",
  "disattivare",
  "arresta",
  "arrestare",
  "imposta",
  "impostare",
  "devi",
  "spegni",
  "rimuovi",
] as const;

export const DIRECTIVE_VERB = new RegExp(`\\b${alt([...VERBS])}\\b`);
/** A directive verb opening a clause: at the start, after a colon or quote, or after "please" / "now". */
export const CLAUSE_IMPERATIVE = new RegExp(
  `(?:^|[:;!?"'>\\]]\\s*|\\.\\s+|\\b(?:please|kindly|now|immediately|then|and|also|you|s'il vous plait|por favor|bitte|per favore|agora|ahora|maintenant|jetzt|subito|ora)\\s+)${alt([...VERBS])}\\b`,
);

const OLD_RULES = alt([
  "previous",
  "prior",
  "above",
  "earlier",
  "preceding",
  "former",
  "original",
  "old",
  "existing",
  "initial",
  "all",
  "any",
  "your",
  "system",
  "safety",
  "these",
  "those",
  "other",
  "current",
  "standing",
  "default",
  "developer",
  "operator",
]);
/** Telling the reader to drop the instructions it has. */
export const OVERRIDE: readonly RegExp[] = [
  /\b(?:ignore|ignoring|disregard|disregarding|forget|override|overriding|bypass|set aside|throw out|discard|abandon|do not follow|don't follow|stop following|no longer follow|stop obeying|pay no attention to|nullify|void)\b(?:\s+\S+){0,4}?\s+(?:instructions?|prompts?|directives?|guidelines|guidance|directions|guardrails|programming|safeguards|system prompt|system message)\b/,
  new RegExp(
    `\\b(?:ignore|ignoring|disregard|disregarding|forget|override|overriding|bypass|set aside|discard|do not follow|don't follow|stop following)\\b(?:\\s+\\S+){0,3}?\\s+${OLD_RULES}\\s+(?:\\S+\\s+)?(?:rules|policies|policy|constraints|restrictions|orders|context|commands|limits|checks|training)\\b`,
  ),
  /\b(?:previous|prior|earlier|above|preceding|all|any|your|original|old) (?:\S+ )?(?:instructions|prompts?|directives|guidelines|rules) (?:are|is|were|have been) (?:now )?(?:void|null|cancell?ed|revoked|obsolete|superseded|withdrawn|no longer (?:valid|in effect|apply|applicable))\b/,
  /\b(?:ignore[rz]?|ignorez|oublie[rz]?|oubliez|ne (?:tenez|tiens) pas compte|(?:faites|fais) abstraction|passe[rz]? outre)\b.{0,50}?\b(?:instructions?|consignes?|regles|directives?|prompts?|ordres)\b/,
  /\b(?:ignora[rd]?|ignore|ignoren|olvida[rd]?|olvide|olviden|omite|omita|descarta|haz caso omiso|no sigas|deja de seguir)\b.{0,50}?\b(?:instrucciones|instruccion|reglas|directrices|indicaciones|ordenes|prompts?)\b/,
  /\b(?:ignorier(?:e|en|t)?|vergiss|vergessen sie|missachte|missachten sie|uberschreibe?n?|befolge nicht|hor auf)\b.{0,50}?\b(?:anweisungen|anweisung|instruktionen|regeln|vorgaben|befehle|richtlinien|prompts?)\b/,
  /\b(?:vorherigen|bisherigen|fruheren|obigen|alle|alten|deine|ihre|samtliche)\s+(?:\S+\s+)?(?:anweisungen|instruktionen|regeln|vorgaben|befehle)\b.{0,40}?\b(?:ignorieren|vergessen|missachten|ignoriere|vergiss|uberschreiben)\b/,
  /\b(?:ignore|ignora|ignorar|ignorem|esqueca|esquece|esquecer|desconsidere|desconsiderar|descarte|nao siga|deixe de seguir)\b.{0,50}?\b(?:instrucoes|instrucao|regras|diretrizes|ordens|prompts?)\b/,
  /\b(?:ignora|ignorare|ignorate|dimentica|dimenticare|dimenticate|trascura|non seguire|tralascia|scarta)\b.{0,50}?\b(?:istruzioni|istruzione|regole|direttive|indicazioni|ordini|prompts?)\b/,
  // Standing instructions declared void: "the previous instructions no longer apply", "prior guidance is cancelled".
  /\b(?:previous|prior|earlier|above|preceding|all|any|your|original|old|existing|standing|current)\s+(?:\S+\s+)?(?:instructions|prompts?|directives|guidelines|guidance|rules|orders)\s+(?:(?:are|is|were|was|have been|has been)\s+)?(?:now\s+)?(?:void|null|cancell?ed|revoked|obsolete|superseded|withdrawn|rescinded|lifted|no longer (?:valid|in effect|apply|applies|applicable|hold|holds|matter|matters|stand|stands|count))\b/,
  // Void, said of what the reader was told: "the rules you were given earlier have been revoked".
  /\b(?:rules|instructions|guidelines|guidance|directives|orders|prompts?)\s+(?:that\s+)?you\s+(?:were|have been|had been|'ve been|got)\s+(?:\S+\s+){0,2}?(?:given|told|taught|issued)\b.{0,30}?\b(?:revoked|void|cancell?ed|withdrawn|rescinded|obsolete|superseded|no longer)\b/,
  /\b(?:nothing|none of what)\s+you\s+(?:were|have been|had been|'ve been)\s+(?:\S+\s+){0,2}?(?:told|instructed|taught|given)\b.{0,30}?\b(?:matters|applies|counts|stands)\b/,
  // Replaced: "new instructions supersede your prompt".
  /\b(?:supersedes?|supersede|replaces?|overrides?|overrules?)\s+(?:your|the|all|any|previous|prior|existing|earlier|standing)\s+(?:\S+\s+)?(?:prompt|prompts|instructions|rules|guidelines|guidance|directives|policy|policies|programming)\b/,
  // Never given: "forget what you were told before".
  /\bforget\s+(?:what|everything|anything|all(?: that)?|whatever)\s+(?:you\s+)?(?:were|was|have been|had been|'ve been|are|got)\s+(?:\S+\s+)?(?:told|taught|instructed|given|trained|programmed)\b/,
];

/** Declaring the reader's standing instructions void, replaced, or never given. */
/** Giving the reader a new identity or mode. */
export const ROLE_HIJACK: readonly RegExp[] = [
  /\byou(?: are|'re|re) (?:now|henceforth|from now on|no longer)\b(?! (?:logged|signed|connected|subscribed|unsubscribed|registered|online|offline|viewing|using|running|redirected|following|being|in the queue|on the|at the|leaving|entering|ready|able))(?: (?:an?|the|my|our|in|acting as|operating as|playing))?(?:\s+\S+){0,3}?\s+(?:assistant|agent|ai|admin|administrator|commander|operator|developer|root|superuser|mode|dan|persona|unrestricted|jailbroken|owner|in charge|boss|responder|bot|model|authori[sz]ed|allowed|free|permitted|responsible)\b/,
  /\bfrom (?:now on|this point(?: on| forward)?|here on),? (?:you|your)\b/,
  /\byou(?:'ve| have) been (?:upgraded|promoted|elevated|switched|granted|given|moved|reassigned|reconfigured)\b.{0,30}?\b(?:admin|administrator|root|superuser|developer|unrestricted|god|owner|privileged)\b/,
  /\b(?:role-?play|roleplay|play the role of|take on the role of|assume the role of|impersonate)\b.{0,20}?\b(?:an? |the )?(?:\S+ )?(?:operator|admin|administrator|root|superuser|developer|engineer|sre|unrestricted|jailbroken|system)\b/,
  /\byou (?:now|henceforth) (?:work|answer|report|belong) (?:for|to)\b/,
  /\byour (?:new|real|true|actual|only|updated) (?:role|task|instructions?|goal|objective|job|purpose|mission|orders|directive)\b/,
  /\b(?:pretend|imagine) (?:to be|you are|you're|that you)\b/,
  /\b(?:act|behave|respond|operate) as (?:if you were |though you were )?(?:an? |the )?(?:admin|administrator|root|superuser|developer|unrestricted|jailbroken|dan|system|different|new)\b/,
  /\b(?:switch|change|enter|go) (?:to|into) (?:developer|admin|god|unrestricted|jailbreak|dan|maintenance-override) mode\b/,
  /\b(?:tu es|vous etes) (?:maintenant|desormais|a present|dorenavant)\b/,
  /\b(?:a partir de maintenant|desormais|dorenavant),? (?:tu|vous)\b/,
  /\b(?:ahora eres|ahora usted es|ahora sos|de ahora en adelante|a partir de ahora),? (?:eres|tu|usted|debes|sos)?/,
  /\b(?:du bist (?:jetzt|ab sofort|nun)|sie sind (?:jetzt|ab sofort|nun)|ab sofort (?:bist|musst|sollst|wirst) du|ab jetzt (?:bist|musst) du)\b/,
  /\b(?:agora (?:voce|tu) (?:e|es)|voce agora e|a partir de agora,? (?:voce|tu))\b/,
  /\b(?:ora sei|adesso sei|d'ora in poi,? (?:sei|devi|tu)|da ora in poi,? (?:sei|devi|tu))\b/,
];

/** Chat-template and prompt markup that only makes sense inside a model's context. */
export const MARKUP: readonly RegExp[] = [
  /<\|(?:im_start|im_end|system|user|assistant|endoftext|begin_of_text|start_header_id)\|>/,
  /\[\/?inst\]/,
  /<<\/?sys>>/,
  /<\/?(?:system|instructions?|admin|developer|untrusted-data|tool-output)(?:\s[^>]*)?>/,
  /(?:^|\s)#{2,}\s*(?:system|instructions?|new instructions|developer|admin)\b/,
  /\bbegin (?:system|admin|developer) (?:prompt|message|instructions?)\b/,
  /\[(?:system|admin|developer|operator)(?: (?:message|prompt|override|note|instructions?))?\]/,
  /\bend of (?:system prompt|instructions|user input|log data|untrusted data|tool output|context)\b/,
  /\u26a0 untrusted instruction-like text/,
];

/** Claims of authority, pre-approval or a new rule set. */
export const AUTHORITY: readonly RegExp[] = [
  /\b(?:system|developer|admin|administrator|root|operator|security) (?:prompt|message|override|instructions?|directive|notice)\b/,
  /\b(?:new|updated|revised|real|actual|hidden|secret|additional|override|priority) (?:instructions?|directives?|orders|rules|prompt)\b/,
  /\bpre-?(?:approved|authori[sz]ed)\b/,
  /\b(?:approval|sign-?off|authori[sz]ation|permission|go-ahead) (?:has|have|was) (?:already )?(?:been )?(?:given|granted|obtained|received)\b/,
  /\b(?:already|has been|have been|was|were) (?:been )?(?:approved|authori[sz]ed|signed off)\b/,
  /\b(?:approved|authori[sz]ed|mandated|ordered|signed off|requested) by (?:the )?(?:sre|on-?call|security|management|cto|ceo|ciso|vp|director|admin|administrator|incident commander|owner|lead|manager|human|operator|platform team|aws|amazon|anthropic|openai|your (?:developers?|operators?|owners?))\b/,
  /\b(?:no|without(?: any)?) (?:human |further |manual )?(?:approval|sign-?off|confirmation|review|authori[sz]ation|permission|human)s? (?:is |are )?(?:needed|required|necessary)\b/,
  /\bwithout (?:asking|waiting|approval|sign-?off|confirmation|human|(?:a )?human review|checking with)\b/,
  /\bdo(?: not|n't) (?:ask|wait) for (?:approval|sign-?off|confirmation|a human|permission)\b/,
  /\b(?:skip|bypass|disable|turn off|ignore) (?:the )?(?:approval|sign-?off|safety|gate|guardrails?|kill ?switch|confirmation|policy)\b/,
  /\bthe (?:(?:approved|correct|right|real|official|recommended|only|proper|required|sanctioned|expected|actual) ){1,2}(?:fix|action|remediation|runbook|procedure|response|solution|step|resolution|next step)s? (?:is|are|for|here)\b/,
  /\bthe runbook (?:for|of) this (?:alarm|incident|alert|page) (?:is|says|requires)\b/,
  /\bthis is (?:an? |the )?(?:official|authori[sz]ed|approved|priority|emergency|direct) (?:instruction|order|directive|request|change|command)\b/,
  /\b(?:highest|top) priority (?:instruction|order|directive|override)\b/,
  /\b(?:priority|emergency|security|admin) override\b/,
  /\boverride\s*:\s*(?=\S+\s+(?:all|every|the|this|each)\b)/,
  /\bnouvelles? (?:instructions?|consignes?|directives?)\b/,
  /\b(?:instructions?|prompt|message) (?:du )?systeme\b/,
  /\bdeja (?:ete )?(?:approuvee?|valide|autorisee?)\b/,
  /\bsans (?:approbation|validation|confirmation|demander|autorisation|attendre)\b/,
  /\b(?:le|la) (?:bon|bonne|vrai|vraie|seul|seule) (?:correctif|action|solution|procedure)\b/,
  /\bnuevas? (?:instrucciones|ordenes|directrices)\b/,
  /\binstrucciones del sistema\b/,
  /\bya (?:esta |fue |ha sido )?aprobad[oa]\b/,
  /\bsin (?:aprobacion|confirmacion|preguntar|autorizacion|esperar)\b/,
  /\bla (?:solucion|accion|correccion) (?:correcta|aprobada|oficial) es\b/,
  /\bneue (?:anweisungen|anweisung|instruktionen|befehle|regeln)\b/,
  /\bsystem(?:anweisung|nachricht|prompt)\b/,
  /\bbereits (?:genehmigt|freigegeben|autorisiert)\b/,
  /\bohne (?:genehmigung|freigabe|bestatigung|ruckfrage|zu fragen|nachfrage)\b/,
  /\bdie (?:richtige|genehmigte|offizielle) (?:losung|massnahme|aktion|behebung)\b/,
  /\bnovas? (?:instrucoes|ordens|diretrizes)\b/,
  /\binstrucoes do sistema\b/,
  /\bja (?:esta |foi )?aprovad[oa]\b/,
  /\bsem (?:aprovacao|confirmacao|perguntar|autorizacao|esperar)\b/,
  /\ba (?:solucao|acao|correcao) (?:correta|aprovada|oficial) e\b/,
  /\bnuove (?:istruzioni|direttive|regole)\b/,
  /\bistruzioni di sistema\b/,
  /\bgia (?:stato |stata )?approvat[oa]\b/,
  /\bsenza (?:approvazione|conferma|chiedere|autorizzazione|aspettare)\b/,
  /\bla (?:soluzione|azione|correzione) (?:corretta|approvata|ufficiale) e\b/,
  // Telling the reader to skip its own process: only an incident responder escalates, pages or asks for sign-off.
  /\b(?:do not|don't|dont|never|no need to|there is no need to|you need not|skip(?:ping)?)\s+(?:escalate|escalating|page|paging|wake|ask(?:ing)? (?:a human |anyone |the on-?call )?(?:for )?(?:approval|sign-?off|permission|confirmation)|wait(?:ing)? for (?:approval|sign-?off|a human|confirmation))\b(?!\s*[:=])/,
  // Permission granted to the reader: "you have permission to", "responders may now", "agents are allowed to".
  /\b(?:you|u)\s+(?:now\s+)?(?:have|has|are given|are granted|get)\s+(?:full\s+|explicit\s+|the\s+)?(?:permission|authori[sz]ation|clearance|go-?ahead)\s+to\b/,
  new RegExp(
    `\\b(?:${STRONG_ADDRESSEE}|(?:all|any) (?:agents|bots|assistants|models|automations?))\\s+(?:may|can|are (?:now )?(?:allowed|permitted|authori[sz]ed|cleared))\\s+(?:now\\s+)?(?:to\\s+)?`,
  ),
];

/** A role header opening a clause: "SYSTEM:", "assistant:", "developer message:". */
export const ROLE_HEADER =
  /(?:^|["'[(>|*#]\s*|[.!?]\s+)(?:system|assistant|developer|sys|(?:admin|root|operator) (?:message|override|instructions?|note))\s*(?:message|prompt|override|instructions?|note|notice)?\s*[:>]/;

/** Destructive or privilege-widening requests. */
export const DANGER: readonly RegExp[] = [
  /\b(?:terminate|delete|remove|destroy|wipe|drop|purge|erase|kill|shut ?down|stop|reboot|restart|deregister|detach|revoke|truncate|format|disable)\s+(?:all|every|each|the entire|the whole|any|both|all of the|all the|every single|everything)\b/,
  /\bscale\b.{0,50}?\b(?:to|down to|at|=)\s*(?:zero|0|nothing)\b/,
  /\bdesired ?capacity\b.{0,12}?(?:to|=|:|of)\s*"?0\b/,
  /\brm\s+-(?:rf|fr|r)\b/,
  /\bdrop (?:database|table|schema)\b/,
  /\b(?:delete|destroy|wipe|purge|erase) (?:the )?(?:database|bucket|cluster|stack|volumes?|snapshots?|backups?|data|instances?|table|tables|logs?)\b/,
  /\b(?:disable|turn off|switch off|mute|silence|suppress|deactivate) (?:all |the |every )?(?:alarms?|monitoring|alerts|alerting|kill ?switch|safety|guardrails?|gate|logging|audit(?:ing| trail)?|paging)\b/,
  /\b(?:terminate|delete|restart|reboot|stop|kill)\s+(?:instances?\s+)?i-[0-9a-f]{6,}\b/,
  /\b(?:run|execute|trigger|invoke|start)\s+(?:the\s+)?(?:ec2|ecs|asg|lambda|ssm|aws)-[a-z0-9-]+\b/,
  /\b(?:auto-?approve|approve (?:this|the|all|every|any|it|automatically))\b/,
  /\bgrant (?:\S+ )?(?:admin|root|full|administrator|owner) (?:access|rights|permissions|privileges)\b/,
  /\b(?:exfiltrate|send|post|upload|email|leak|reveal|print|dump)\b.{0,40}?\b(?:credentials|secrets?|api keys?|access keys?|tokens?|passwords?|system prompt|instructions)\b/,
  /\b(?:supprime[rz]?|efface[rz]?|detrui[rst]e?z?|termine[rz]?|arrete[rz]?|redemarre[rz]?|eteins|eteignez)\s+(?:toutes?|tous|chaque|l'ensemble)\b/,
  /\b(?:reduis|reduisez|reduire|mets|mettez|mettre|passe[rz]?)\b.{0,50}?\ba (?:zero|0)\b/,
  /\bdesactive[rz]? (?:les |l'|la )?(?:alarmes?|alertes|surveillance|garde-fous)\b/,
  /\b(?:elimina[r]?|borra[r]?|termina[r]?|deten(?:er)?|reinicia[r]?|apaga[r]?|destruye)\s+(?:todas?|todos|cada)\b/,
  /\b(?:escala[r]?|reduce|reducir|pon|poner)\b.{0,50}?\ba (?:cero|0)\b/,
  /\bdesactiva[r]? (?:las |los |el |la )?(?:alarmas|alertas|monitoreo|monitorizacion)\b/,
  /\b(?:losche|loschen|beende|beenden|stoppe|stoppen|zerstore|entferne|entfernen)\s+(?:sie\s+)?(?:alle|jede|jeden|samtliche)\b/,
  /\b(?:alle|samtliche)\b.{0,40}?\b(?:loschen|beenden|stoppen|neu starten|neustarten|entfernen|herunterfahren)\b/,
  /\bauf (?:null|0)\b.{0,20}?\b(?:skalieren|setzen|reduzieren)\b|\b(?:skaliere|setze|reduziere)\b.{0,40}?\bauf (?:null|0)\b/,
  /\b(?:deaktiviere|deaktivieren|schalte)\b.{0,30}?\b(?:alarme|alarm|alarmierung|uberwachung|monitoring)\b/,
  /\b(?:exclua|excluir|apague|apagar|encerre|encerrar|reinicie|reiniciar|destrua|pare|parar|desligue|desligar|remova)\s+(?:todas?|todos|cada)\b/,
  /\b(?:reduza|reduzir|defina|definir|escale|escalar|coloque)\b.{0,50}?\bpara (?:zero|0)\b/,
  /\bdesative[r]? (?:os |as )?(?:alarmes|alertas|monitoramento)\b/,
  /\b(?:elimina(?:re)?|cancella(?:re)?|termina(?:re)?|riavvia(?:re)?|arresta(?:re)?|spegni|distruggi|rimuovi)\s+(?:tutte|tutti|ogni|tutta|tutto)\b/,
  /\b(?:riduci|ridurre|imposta|impostare|scala|scalare|porta)\b.{0,50}?\ba (?:zero|0)\b/,
  /\bdisattiva(?:re)? (?:gli |le |il )?(?:allarmi|avvisi|monitoraggio)\b/,
];

/** Asking for secrets or the prompt to be sent or shown: an order on its own. */
export const EXFILTRATION: readonly RegExp[] = [
  /(?:^|[:;.!?"'>]\s*|\b(?:please|now|then|and|also)\s+)(?:send|post|upload|email|mail|leak|reveal|print|dump|exfiltrate|paste|share|output|show|tell)\s+(?:me\s+|us\s+)?(?:the|all|your|our|any|every)\s+(?:\S+\s+){0,2}?(?:credentials|secrets|api keys?|access keys?|secret keys?|passwords?|tokens|system prompt|prompt|instructions you (?:were|have been) given)\b/,
  /\b(?:exfiltrate|leak)\b.{0,40}?\b(?:credentials|secrets?|keys?|tokens?|passwords?)\b/,
];

/** Urgency words that often push a reader to act before checking. */
export const URGENCY =
  /\b(?:important|urgent|urgently|immediately|asap|right now|critical action required|action required|mandatory|must act|do it now|sofort|urgente|imediatamente|inmediatamente|immediatamente|immediatement|tout de suite|subito)\b/;

/** JSON keys that carry instructions for a model. */
export const INSTRUCTION_KEYS =
  /^(?:instructions?|system_?prompt|prompt|directive|directives|system|developer|(?:(?:note|notes|message|msg|instructions?|commands?|orders?|directives?|tasks?|todo)[_-]?(?:to|for)[_-]?(?:the[_-]?)?(?:ai|agent|assistant|automation|responder|llm|model|bot)s?)|(?:ai|agent|assistant|llm|bot|model|responder)[_-]?(?:instructions?|commands?|orders?|directives?|tasks?|prompt))$/i;
/** A JSON chat-message role that only a prompt has. */
export const ROLE_VALUES = /^(?:system|developer)$/i;
/** A chat-message role that log data may legitimately carry, but that counts when its text asks for harm. */
/** JSON keys that name who speaks in a chat transcript (`role`, `sender`, `from`, `author`, `speaker`). */
export const SPEAKER_KEYS = /^(?:role|sender|from|author|speaker)$/i;
export const SPEAKER_ROLE_VALUES = /^(?:assistant|model|ai)$/i;
