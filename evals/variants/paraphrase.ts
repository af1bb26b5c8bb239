/**
 * The paraphrase table: for each line a fault of the library writes, several rewordings with the same
 * meaning (the same numbers, names and facts; other words, other error spellings). A variant picks one
 * wording per line kind, so a service says the same thing the same way throughout one variant. The table
 * lives in the eval only; nothing in agents/ or knowledge/ can read it.
 */

type Rewrite = (m: RegExpMatchArray) => string;

interface Entry {
  /** Matches the message part of a line (after level, thread and logger). */
  pattern: RegExp;
  rewrites: Rewrite[];
}

const g = (m: RegExpMatchArray, i: number) => m[i] ?? "";

export const PARAPHRASES: readonly Entry[] = [
  // disk-full-logs / disk-full-data
  {
    pattern:
      /^Free disk space on \/ is low: ([\d.]+) GB free \((\d+)% used\)(?:; largest directory (\S+) \(([\d.]+) GB\))?$/,
    rewrites: [
      (m) =>
        `Low disk space on /: ${g(m, 1)} GB left, volume ${g(m, 2)}% full${m[3] ? `; biggest consumer ${g(m, 3)} at ${g(m, 4)} GB` : ""}`,
      (m) =>
        `filesystem / at ${g(m, 2)}% capacity (${g(m, 1)} GB available)${m[3] ? `, top directory ${g(m, 3)} uses ${g(m, 4)} GB` : ""}`,
      (m) =>
        `disk usage alert mount=/ used_pct=${g(m, 2)} free_gb=${g(m, 1)}${m[3] ? ` top_dir=${g(m, 3)} top_dir_gb=${g(m, 4)}` : ""}`,
    ],
  },
  {
    pattern: /^([\s\S]*?)java\.io\.IOException: No space left on device([\s\S]*)$/,
    rewrites: [
      (m) => `${g(m, 1)}OSError: [Errno 28] No space left on device${g(m, 2)}`,
      (m) => `${g(m, 1)}write failed: ENOSPC, the device is full${g(m, 2)}`,
      (m) => `${g(m, 1)}IOException: disk full, no free blocks on the volume${g(m, 2)}`,
    ],
  },
  // memory-leak
  {
    pattern: /^Full GC took (\d+)ms, heap (\d+)% used after collection \(([^)]*)\)$/,
    rewrites: [
      (m) =>
        `stop-the-world collection lasted ${g(m, 1)}ms; ${g(m, 2)}% of the heap still live after it (${g(m, 3)})`,
      (m) => `GC pause ${g(m, 1)} ms (full), old generation ${g(m, 2)}% occupied afterwards, ${g(m, 3)}`,
      (m) => `gc: full collection ${g(m, 1)}ms heap_after_pct=${g(m, 2)} (${g(m, 3)})`,
    ],
  },
  {
    pattern: /^GC overhead limit approaching: (\d+)% of time spent in garbage collection over the last 60s$/,
    rewrites: [
      (m) => `${g(m, 1)}% of the last minute spent collecting garbage`,
      (m) => `collector busy ${g(m, 1)}% of wall time in a 60s window`,
      (m) => `gc time ratio ${g(m, 1)}% over 60s, application threads starved`,
    ],
  },
  {
    pattern: /^Handler dispatch failed; nested exception is java\.lang\.OutOfMemoryError: Java heap space$/,
    rewrites: [
      () => "request aborted: heap exhausted, could not allocate (OutOfMemoryError)",
      () => "MemoryError: out of memory while building the response",
      () => "fatal: allocation failed, process heap limit reached",
    ],
  },
  // hung-process
  {
    pattern:
      /^all worker threads blocked: (\d+) of (\d+) \S+ threads BLOCKED on (<[^>]+>) \(a (\S+)\) for (\S+)$/,
    rewrites: [
      (m) =>
        `${g(m, 1)}/${g(m, 2)} request workers waiting on lock ${g(m, 4)} ${g(m, 3)} for ${g(m, 5)}, none making progress`,
      (m) => `thread dump: every worker (${g(m, 2)}) parked on the monitor of ${g(m, 4)} for ${g(m, 5)}`,
      (m) => `deadlock suspected: ${g(m, 1)} of ${g(m, 2)} workers stuck acquiring ${g(m, 4)} (${g(m, 5)})`,
    ],
  },
  {
    pattern:
      /^health check timed out after 5000 ms \((\d+) consecutive failures\); request queue depth (\d+)$/,
    rewrites: [
      (m) =>
        `liveness probe got no answer within 5 s, ${g(m, 1)} failures in a row; ${g(m, 2)} requests queued`,
      (m) => `/health unanswered for 5000ms (failure #${g(m, 1)}), backlog ${g(m, 2)}`,
    ],
  },
  // db-connection-exhaustion
  {
    pattern: /^HikariPool-1 - Connection is not available, request timed out after (\d+)ms \(([^)]*)\)$/,
    rewrites: [
      (m) => `could not get a database connection within ${g(m, 1)} ms: pool exhausted (${g(m, 2)})`,
      (m) => `connection pool empty, borrower gave up after ${g(m, 1)}ms (${g(m, 2)})`,
      (m) =>
        `sqlalchemy.exc.TimeoutError: QueuePool limit reached, connection timed out after ${g(m, 1)} ms (${g(m, 2)})`,
    ],
  },
  {
    pattern:
      /^HikariPool-1 - Cannot acquire connection from data source: org\.postgresql\.util\.PSQLException: FATAL: ([\s\S]*)$/,
    rewrites: [(m) => `database refused a new connection: FATAL ${g(m, 1)}`, (m) => `pq: ${g(m, 1)}`],
  },
  // third-party-outage
  {
    pattern: /^Upstream request to (\S+) timed out after (\d+) ms \(attempt 3\/3\)$/,
    rewrites: [
      (m) => `call to ${g(m, 1)} gave no response in ${g(m, 2)} ms; giving up after 3 tries`,
      (m) => `provider request ${g(m, 1)} exceeded its ${g(m, 2)} ms deadline (third and last attempt)`,
      (m) => `context deadline exceeded: POST ${g(m, 1)} (${g(m, 2)}ms, retries exhausted)`,
    ],
  },
  {
    pattern: /^CircuitBreaker '([^']+)' changed state from CLOSED to OPEN \(([^)]*)\)$/,
    rewrites: [
      (m) => `breaker for ${g(m, 1)} tripped open (${g(m, 2)})`,
      (m) => `circuit ${g(m, 1)} now OPEN, calls short-circuited: ${g(m, 2)}`,
    ],
  },
  {
    pattern: /^io\.netty\.channel\.ConnectTimeoutException: connection timed out: (\S+)$/,
    rewrites: [(m) => `dial tcp ${g(m, 1)}: i/o timeout`, (m) => `TCP connect to ${g(m, 1)} timed out`],
  },
  // traffic-surge, bot-flood, scheduled-batch-spike
  {
    pattern: /^Tomcat thread pool busy=(\d+) max=(\d+), request queue depth (\d+)$/,
    rewrites: [
      (m) => `worker pool saturated: ${g(m, 1)} of ${g(m, 2)} busy, ${g(m, 3)} requests waiting`,
      (m) => `all ${g(m, 1)}/${g(m, 2)} request threads in use; backlog ${g(m, 3)}`,
      (m) => `event loop lag high, in-flight ${g(m, 1)} (max ${g(m, 2)}), queued ${g(m, 3)}`,
    ],
  },
  {
    pattern: /^Slow request: (GET|POST) (\S+) took (\d+)ms$/,
    rewrites: [
      (m) => `${g(m, 1)} ${g(m, 2)} completed in ${g(m, 3)}ms (slow)`,
      (m) => `latency budget exceeded: ${g(m, 1)} ${g(m, 2)} ${g(m, 3)} ms`,
    ],
  },
  {
    pattern: /^Rejecting request: java\.util\.concurrent\.RejectedExecutionException: ([\s\S]*)$/,
    rewrites: [
      (m) => `request shed, executor full: ${g(m, 1)}`,
      (m) => `503 returned, no free worker: ${g(m, 1)}`,
    ],
  },
  {
    pattern: /^rate limit exceeded for client (\S+): (\d+) req\/min \(limit (\d+)\), user agent "([^"]*)"$/,
    rewrites: [
      (m) =>
        `client ${g(m, 1)} over its limit: ${g(m, 2)} requests/min vs ${g(m, 3)} allowed (UA "${g(m, 4)}")`,
      (m) => `throttling ${g(m, 1)} ua="${g(m, 4)}" rate=${g(m, 2)}/min limit=${g(m, 3)}/min`,
    ],
  },
  // bad-ecs-deploy, config-change, feature-flag-change
  {
    pattern:
      /^Request processing failed: java\.lang\.NullPointerException: Cannot invoke "([^"]+)" because "([^"]+)" is null([\s\S]*)$/,
    rewrites: [
      (m) => `request failed: ${g(m, 2)} was null when ${g(m, 1)} was called on it (NullPointerException)`,
      (m) =>
        `TypeError: Cannot read properties of null (reading '${g(m, 1).replace(/\(\)$/, "")}') at ${g(m, 2)}`,
      (m) =>
        `AttributeError: 'NoneType' object has no attribute '${g(m, 1).split(".").pop()?.replace(/\(\)$/, "")}' (${g(m, 2)})`,
    ],
  },
  {
    pattern: /^Missing required configuration key '([^']+)'; property left null$/,
    rewrites: [
      (m) => `config key ${g(m, 1)} not set, continuing with an empty value`,
      (m) => `no value configured for '${g(m, 1)}' (required)`,
    ],
  },
  {
    pattern: /^invalid configuration value for (\S+): '([^']*)' is not a valid URL \(no protocol\)$/,
    rewrites: [
      (m) => `setting ${g(m, 1)}='${g(m, 2)}' rejected: not a URL (missing scheme)`,
      (m) => `config validation: ${g(m, 1)} must be an absolute URL, got '${g(m, 2)}'`,
    ],
  },
  {
    pattern: /^Tax quote failed: java\.net\.MalformedURLException: no protocol: (\S+)$/,
    rewrites: [
      (m) => `tax quote request could not be built: bad URL ${g(m, 1)} (no scheme)`,
      (m) => `ValueError: unknown url type: '${g(m, 1)}' (tax quote)`,
    ],
  },
  {
    pattern: /^request failed with feature flag (\S+) on: ([\s\S]*)$/,
    rewrites: [
      (m) => `flag ${g(m, 1)} enabled for this request, which then failed: ${g(m, 2)}`,
      (m) => `error on the ${g(m, 1)} code path (flag on): ${g(m, 2)}`,
    ],
  },
  // throttling
  {
    pattern: /^PutItem on (\S+) throttled: [\w.]*ProvisionedThroughputExceededException: ?([\s\S]*)$/,
    rewrites: [
      (m) => `write to ${g(m, 1)} rejected: provisioned write capacity exceeded ${g(m, 2)}`.trim(),
      (m) => `ProvisionedThroughputExceeded on PutItem ${g(m, 1)} ${g(m, 2)}`.trim(),
    ],
  },
  {
    pattern: /^Invoke (\S+) failed: [\w.]*TooManyRequestsException: ([\s\S]*)$/,
    rewrites: [
      (m) => `invocation of ${g(m, 1)} throttled (429 Too Many Requests): ${g(m, 2)}`,
      (m) => `lambda ${g(m, 1)} refused the call, concurrency limit: ${g(m, 2)}`,
    ],
  },
  // slow-query, security-group-rule-removed
  {
    pattern: /^slow query took (\d+) ms \(([^)]*)\)([\s\S]*)$/,
    rewrites: [
      (m) => `query ran ${g(m, 1)} ms: ${g(m, 2)}${g(m, 3)}`,
      (m) => `db statement duration=${g(m, 1)}ms plan: ${g(m, 2)}${g(m, 3)}`,
    ],
  },
  {
    pattern:
      /^Search failed: org\.postgresql\.util\.PSQLException: ERROR: canceling statement due to statement timeout$/,
    rewrites: [
      () => "search aborted: the server cancelled the query after its statement timeout",
      () => "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
    ],
  },
  {
    pattern: /^HikariPool-1 - Failed to create connection: org\.postgresql\.util\.PSQLException: ([\s\S]*)$/,
    rewrites: [(m) => `cannot open a database connection: ${g(m, 1)}`, (m) => `db connect error: ${g(m, 1)}`],
  },
  // expired-certificate
  {
    pattern: /^Call to (\S+) failed: javax\.net\.ssl\.SSLHandshakeException: ([\s\S]*)$/,
    rewrites: [
      (m) => `TLS handshake with ${g(m, 1)} failed: ${g(m, 2)}`,
      (m) => `x509 error calling ${g(m, 1)}: ${g(m, 2)}`,
    ],
  },
  // guardduty-finding (the host agent's line; the GuardDuty finding itself is AWS's wording and stays)
  {
    pattern:
      /^unexpected process (\S+) \(pid (\d+), user (\S+)\) using (\d+)% CPU, outbound connection to (\S+) \(stratum mining pool protocol\)$/,
    rewrites: [
      (m) =>
        `process ${g(m, 1)} [${g(m, 2)}] run by ${g(m, 3)} at ${g(m, 4)}% CPU talks to ${g(m, 5)} over the stratum mining protocol`,
      (m) =>
        `runtime alert: unknown binary ${g(m, 1)} pid=${g(m, 2)} uid=${g(m, 3)} cpu=${g(m, 4)}% dst=${g(m, 5)} proto=stratum (crypto mining pool)`,
    ],
  },
  // cache-cascading-failure
  {
    pattern: /^cache miss storm: hit ratio ([\d.]+) over the last 60s, (\d+) loads went to the database$/,
    rewrites: [
      (m) =>
        `cache hit rate fell to ${g(m, 1)} in the last minute; ${g(m, 2)} reads fell through to the database`,
      (m) => `cold cache: ${g(m, 2)} misses loaded from the DB in 60s (hit ratio ${g(m, 1)})`,
    ],
  },
  {
    pattern:
      /^redis GET failed: io\.lettuce\.core\.RedisCommandTimeoutException: Command timed out after 1 second\(s\) \((\S+)\)$/,
    rewrites: [
      (m) => `redis.exceptions.TimeoutError: GET timed out after 1s (${g(m, 1)})`,
      (m) => `cache read from ${g(m, 1)} exceeded its 1000 ms timeout`,
    ],
  },
  {
    pattern:
      /^Reconnecting, last destination was (\S+) \(redis failover: replica promoted to primary, cache is cold\)$/,
    rewrites: [
      (m) => `redis connection to ${g(m, 1)} lost, reconnecting; failover promoted the replica, cache empty`,
      (m) => `lost ${g(m, 1)} during a failover (new primary, cold cache); reconnecting`,
    ],
  },
  // aws-health-event (our client's lines; AWS's own event text stays)
  {
    pattern: /^SDK retry 3\/3 for (\S+) on (\S+): Service Unavailable \(Status Code: 503\)$/,
    rewrites: [
      (m) => `${g(m, 1)} on ${g(m, 2)} still 503 Service Unavailable after 3 retries`,
      (m) => `retries exhausted (3) calling ${g(m, 1)} for ${g(m, 2)}: HTTP 503`,
    ],
  },
];

/** The entry whose pattern matches, with the match. */
export function findParaphrase(message: string): { index: number; match: RegExpMatchArray } | undefined {
  for (let index = 0; index < PARAPHRASES.length; index++) {
    const match = message.match((PARAPHRASES[index] as Entry).pattern);
    if (match) return { index, match };
  }
  return undefined;
}

/** Rewrites `message` with the wording `choose(index, count)` picks for its entry; unchanged when none matches. */
export function paraphrase(message: string, choose: (index: number, count: number) => number): string {
  const found = findParaphrase(message);
  if (!found) return message;
  const entry = PARAPHRASES[found.index] as Entry;
  const rewrite = entry.rewrites[
    choose(found.index, entry.rewrites.length) % entry.rewrites.length
  ] as Rewrite;
  return rewrite(found.match);
}
