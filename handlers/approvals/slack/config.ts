/**
 * The Slack app's settings: a bot token (to post), the signing secret (to verify clicks) and the channel
 * approval requests go to. One Secrets Manager secret holding them as JSON.
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
