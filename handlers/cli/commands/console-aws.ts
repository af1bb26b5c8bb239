/** `air console --aws`: the console's store over the deployed stack, with the user's own credentials. */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { ConsoleStackError, resolveDeployedStores } from "../../console/aws-stack.js";
import { AwsConsoleStore } from "../../console/aws-store.js";
import { CliError } from "../errors.js";

export async function openAwsConsoleStore(opts: {
  stack?: string;
  region?: string;
}): Promise<AwsConsoleStore> {
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new CliError("air console --aws: no Region; pass --region or set AWS_REGION");
  const stackName = opts.stack ?? "AirResponder";
  let stores: Awaited<ReturnType<typeof resolveDeployedStores>>;
  try {
    stores = await resolveDeployedStores(new CloudFormationClient({ region }), stackName, region);
  } catch (error) {
    if (error instanceof ConsoleStackError) throw new CliError(`air console --aws: ${error.message}`);
    throw error;
  }
  const s3 = new S3Client({ region });
  return new AwsConsoleStore({
    stackName,
    region,
    stores,
    dynamo: new DynamoDBClient({ region }),
    s3,
    // The SDK's default credential chain, as the S3 client resolved it (env, profile, SSO, instance role).
    credentials: s3.config.credentials,
  });
}
