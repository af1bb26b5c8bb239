/**
 * The Slack app's settings: a bot token (to post), the signing secret (to verify clicks) and the channel
 * approval requests go to. Deployed: one Secrets Manager secret holding them as JSON; locally: environment.
 */
import { z } from "zod";

export const SlackAppConfigSchema = z.object({
  botToken: z.string().startsWith("xoxb-", "a bot token (xoxb-…)"),
  signingSecret: z.string().min(16, "the app's signing secret (Basic Information → App Credentials)"),
  channel: z.string().min(1, "the channel id approval requests go to (e.g. C0123ABCD)"),
});
export type SlackAppConfig = z.infer<typeof SlackAppConfigSchema>;

function parse(value: unknown, where: string): SlackAppConfig {
  const parsed = SlackAppConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(
      `${where} is not a Slack app config (${problems}); expected {"botToken","signingSecret","channel"}`,
    );
  }
  return parsed.data;
}

/** The secret's JSON string, as Secrets Manager returns it. */
export function slackConfigFromSecret(secretString: string, secretId: string): SlackAppConfig {
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new Error(`the Slack secret ${secretId} is not JSON; store {"botToken","signingSecret","channel"}`);
  }
  return parse(value, `the Slack secret ${secretId}`);
}

/** Local runs: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_CHANNEL, all or none. */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SlackAppConfig | undefined {
  const names = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CHANNEL"] as const;
  if (names.every((n) => !env[n])) return undefined;
  return parse(
    { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, channel: env.SLACK_CHANNEL },
    "the SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET / SLACK_CHANNEL environment",
  );
}
