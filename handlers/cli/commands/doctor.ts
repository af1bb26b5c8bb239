import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { configFromEnv } from "../../runtime/config.js";
import { checkKnowledge, checkNode, checkPolicy, checkStorage } from "../doctor/checks.js";
import { checkDeployedStack, type DeployedClients } from "../doctor/deployed.js";
import { type BedrockClient, type CheckResult, checkModel } from "../doctor/model.js";
import { createStyler, type Styler } from "../render/style.js";

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  nodeVersion?: string;
  /** A canned Bedrock client (tests); the real one otherwise. */
  bedrockClient?: BedrockClient;
  /** Per network check. Default 8 s. */
  timeoutMs?: number;
  write?: (text: string) => void;
  style?: Styler;
  /** `--aws`: check the deployed stack (with the user's credentials) instead of the local setup. */
  aws?: { stackName: string; region: string; clients?: DeployedClients };
}

function deployedClients(region: string): DeployedClients {
  return {
    cloudFormation: new CloudFormationClient({ region }),
    lambda: new LambdaClient({ region }),
    sns: new SNSClient({ region }),
    s3: new S3Client({ region }),
  };
}

export interface DoctorResult {
  checks: CheckResult[];
  /** 0 when every check passed, 1 otherwise. */
  exitCode: 0 | 1;
}

/** Runs every check and prints one line per check: ✓ or ✗, what was checked, and what to do when it failed. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorResult> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const style = options.style ?? createStyler();
  const timeoutMs = options.timeoutMs ?? 8_000;
  const checks: CheckResult[] = [];
  const print = (results: CheckResult[]) => {
    for (const c of results) {
      checks.push(c);
      const mark = c.ok ? style("green", "✓") : style("red", "✗");
      write(`${mark} ${c.name.padEnd(10)} ${c.detail}\n`);
    }
  };
  print([checkNode(options.nodeVersion)]);
  if (options.aws) {
    const { stackName, region } = options.aws;
    print(
      await checkDeployedStack(
        stackName,
        region,
        options.aws.clients ?? deployedClients(region),
        (modelId, r) => checkModel({ modelId, region: r, timeoutMs, client: options.bedrockClient }),
      ),
    );
    return finish();
  }
  let config: ReturnType<typeof configFromEnv> | undefined;
  try {
    config = configFromEnv(options.env ?? process.env);
    print([{ name: "config", ok: true, detail: "environment variables valid" }]);
  } catch (err) {
    print([{ name: "config", ok: false, detail: (err as Error).message }]);
  }
  if (config) {
    print(
      await checkModel({
        modelId: config.bedrockModelId,
        region: config.region,
        timeoutMs,
        client: options.bedrockClient,
      }),
    );
    print(await checkStorage(config, timeoutMs));
  }
  print([await checkKnowledge()]);
  print([checkPolicy((options.env ?? process.env).AIR_POLICY)]);
  return finish();

  function finish(): DoctorResult {
    const failed = checks.filter((c) => !c.ok).length;
    write(failed ? style("red", `${failed} problem(s) found\n`) : style("green", "all checks passed\n"));
    return { checks, exitCode: failed ? 1 : 0 };
  }
}

/** `air doctor [--aws --stack NAME --region REGION]`: exits 1 when any check fails. */
export async function doctorCommand(
  opts: { aws?: boolean; stack?: string; region?: string } = {},
): Promise<void> {
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (opts.aws && !region) {
    process.stderr.write("air doctor --aws: no Region; pass --region or set AWS_REGION\n");
    process.exitCode = 2;
    return;
  }
  const { exitCode } = await runDoctor(
    opts.aws && region ? { aws: { stackName: opts.stack ?? "AirResponder", region } } : {},
  );
  process.exitCode = exitCode;
}
