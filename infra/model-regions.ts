/**
 * Which Bedrock cross-Region inference profiles can be called from which source Region, for the models the
 * stack offers as defaults. Bundled so `cdk synth` can check the configured model offline.
 *
 * Source: Amazon Bedrock User Guide, "Supported Regions and models for inference profiles"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html), checked 2026-12.
 * To refresh for one Region: `aws bedrock list-inference-profiles --region <region> --type-equals SYSTEM_DEFINED`.
 * A Region missing here makes synth fail with a message naming the profiles it knows; set
 * `air:bedrockModelId` to a profile your Region lists (or `air:modelRegionCheck=false` after checking yourself).
 */

/** The geography prefixes of system-defined inference profiles. */
export type ProfileGeo = "us" | "eu" | "apac" | "jp" | "au" | "ca" | "us-gov" | "global";

const US = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"];
const EU = [
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
];
const APAC = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
];

/** Base model id → geography → source Regions the profile `<geo>.<model>` can be called from. */
export const PROFILE_SOURCE_REGIONS: Readonly<
  Record<string, Partial<Record<ProfileGeo, readonly string[]>>>
> = {
  "anthropic.claude-sonnet-4-5-20250929-v1:0": {
    us: US,
    eu: EU,
    apac: APAC,
    jp: ["ap-northeast-1", "ap-northeast-3"],
    au: ["ap-southeast-2", "ap-southeast-4"],
    global: [...US, "ca-central-1", "sa-east-1", ...EU, ...APAC],
  },
};

/** The model the responder reasons with when `air:bedrockModelId` is `auto` (the default). */
export const DEFAULT_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

/** Preference when several profiles serve a Region: stay in the geography, else go global. */
const PREFERENCE: readonly ProfileGeo[] = ["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"];

const GEO = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;

/** `us.anthropic…` → { geo: "us", model: "anthropic…" }; a plain model id → undefined. */
export function parseProfileId(id: string): { geo: ProfileGeo; model: string } | undefined {
  const m = GEO.exec(id);
  return m ? { geo: m[1] as ProfileGeo, model: m[2] as string } : undefined;
}

/** The profile id to use for `model` in `region`: the geography's own profile, else the global one. */
export function defaultProfileFor(region: string, model = DEFAULT_MODEL): string | undefined {
  const geos = PROFILE_SOURCE_REGIONS[model] ?? {};
  const geo = PREFERENCE.find((g) => geos[g]?.includes(region));
  return geo ? `${geo}.${model}` : undefined;
}

/** Every Region the default model has a profile in, with the profile `auto` picks there. */
export function defaultProfileTable(model = DEFAULT_MODEL): Record<string, string> {
  const regions = new Set(Object.values(PROFILE_SOURCE_REGIONS[model] ?? {}).flat());
  return Object.fromEntries([...regions].sort().map((r) => [r, defaultProfileFor(r, model) as string]));
}

/**
 * Why `modelId` cannot be called from `region`, or undefined when it can (or the table does not know the
 * model: plain model ids and unlisted models are not checked).
 */
export function modelRegionProblem(modelId: string, region: string): string | undefined {
  const profile = parseProfileId(modelId);
  if (!profile) return undefined;
  const geos = PROFILE_SOURCE_REGIONS[profile.model];
  if (!geos) return undefined;
  if (geos[profile.geo]?.includes(region)) return undefined;
  const here = PREFERENCE.filter((g) => geos[g]?.includes(region)).map((g) => `${g}.${profile.model}`);
  return (
    `air:bedrockModelId: the inference profile ${modelId} cannot be called from ${region}` +
    (here.length > 0
      ? `; profiles of this model that can: ${here.join(", ")}. Set air:bedrockModelId to one of them, or to "auto".`
      : `; this model has no inference profile callable from ${region} (infra/model-regions.ts). ` +
        "Deploy to another Region, or set air:bedrockModelId to a model your Region offers.")
  );
}
