/** Claims on the reader: overrides of its instructions, new identities, prompt markup, authority. */
import { STRONG_ADDRESSEE } from "./addressees.js";
import { alt } from "./alt.js";

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
