import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { WebClient } from "@slack/web-api";
import type { Logger } from "../../../tools/logger.js";
import type { NotifierPort } from "../../../tools/ports.js";
import { type SlackAppConfig, slackConfigFromSecret } from "./config.js";
import { SlackNotifier } from "./notifier.js";
import { DynamoSlackThreads } from "./thread-store.js";

/** The deployed Slack app from its secret: a Web API client, the signing secret, and the notifier wrapper. */
export async function slackApp(secretId: string, secretString: string) {
  const config: SlackAppConfig = slackConfigFromSecret(secretString, secretId);
  const client = new WebClient(config.botToken);
  return {
    client,
    signingSecret: config.signingSecret,
    notifier: (inner: NotifierPort, dynamo: DynamoDBClient, approvalsTable: string, logger?: Logger) =>
      new SlackNotifier(
        inner,
        client,
        config.channel,
        new DynamoSlackThreads(dynamo, approvalsTable),
        logger,
      ),
  };
}
