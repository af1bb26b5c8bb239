import { configFromEnv } from "../../runtime/config.js";
import { checkKnowledge, checkNode, checkPolicy, checkStorage } from "../doctor/checks.js";
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
  const failed = checks.filter((c) => !c.ok).length;
  write(failed ? style("red", `${failed} problem(s) found\n`) : style("green", "all checks passed\n"));
  return { checks, exitCode: failed ? 1 : 0 };
}

/** `air doctor`: exits 1 when any check fails. */
export async function doctorCommand(): Promise<void> {
  const { exitCode } = await runDoctor();
  process.exitCode = exitCode;
}
