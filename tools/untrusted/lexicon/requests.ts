/** What is asked for: destruction, secrets, urgency, and the JSON fields that carry instructions. */
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
/** JSON keys that name who speaks in a chat transcript (`role`, `sender`, `from`, `author`, `speaker`). */
export const SPEAKER_KEYS = /^(?:role|sender|from|author|speaker)$/i;
/** A chat-message role that log data may legitimately carry, but that counts when its text asks for harm. */
export const SPEAKER_ROLE_VALUES = /^(?:assistant|model|ai)$/i;
