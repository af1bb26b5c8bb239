import { describe, expect, it } from "vitest";
import { slackConfigFromSecret } from "./config.js";

describe("Slack app config", () => {
  it("reads the secret's JSON and says what is missing", () => {
    expect(
      slackConfigFromSecret(
        '{"botToken":"xoxb-1","signingSecret":"0123456789abcdef","channel":"C1"}',
        "air/slack",
      ),
    ).toEqual({ botToken: "xoxb-1", signingSecret: "0123456789abcdef", channel: "C1" });
    expect(() => slackConfigFromSecret('{"botToken":"xoxp-user"}', "air/slack")).toThrow(
      /air\/slack is not a Slack app config \(botToken: a bot token.*signingSecret.*channel/,
    );
    expect(() => slackConfigFromSecret("nope", "air/slack")).toThrow(/not JSON/);
  });
});
