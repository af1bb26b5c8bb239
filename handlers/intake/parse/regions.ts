/**
 * AWS region codes and the display names SNS alarm notifications use in `Region`
 * ("US East (N. Virginia)"). Older notifications say "EU (Ireland)" where newer ones say "Europe (Ireland)".
 */

const REGION_NAMES: Record<string, string[]> = {
  "us-east-1": ["US East (N. Virginia)"],
  "us-east-2": ["US East (Ohio)"],
  "us-west-1": ["US West (N. California)"],
  "us-west-2": ["US West (Oregon)"],
  "af-south-1": ["Africa (Cape Town)"],
  "ap-east-1": ["Asia Pacific (Hong Kong)"],
  "ap-east-2": ["Asia Pacific (Taipei)"],
  "ap-south-1": ["Asia Pacific (Mumbai)"],
  "ap-south-2": ["Asia Pacific (Hyderabad)"],
  "ap-southeast-1": ["Asia Pacific (Singapore)"],
  "ap-southeast-2": ["Asia Pacific (Sydney)"],
  "ap-southeast-3": ["Asia Pacific (Jakarta)"],
  "ap-southeast-4": ["Asia Pacific (Melbourne)"],
  "ap-southeast-5": ["Asia Pacific (Malaysia)"],
  "ap-southeast-6": ["Asia Pacific (New Zealand)"],
  "ap-southeast-7": ["Asia Pacific (Thailand)"],
  "ap-northeast-1": ["Asia Pacific (Tokyo)"],
  "ap-northeast-2": ["Asia Pacific (Seoul)"],
  "ap-northeast-3": ["Asia Pacific (Osaka)", "Asia Pacific (Osaka-Local)"],
  "ca-central-1": ["Canada (Central)"],
  "ca-west-1": ["Canada West (Calgary)"],
  "eu-central-1": ["Europe (Frankfurt)"],
  "eu-central-2": ["Europe (Zurich)"],
  "eu-west-1": ["Europe (Ireland)"],
  "eu-west-2": ["Europe (London)"],
  "eu-west-3": ["Europe (Paris)"],
  "eu-south-1": ["Europe (Milan)"],
  "eu-south-2": ["Europe (Spain)"],
  "eu-north-1": ["Europe (Stockholm)"],
  "il-central-1": ["Israel (Tel Aviv)"],
  "me-south-1": ["Middle East (Bahrain)"],
  "me-central-1": ["Middle East (UAE)"],
  "mx-central-1": ["Mexico (Central)"],
  "sa-east-1": ["South America (Sao Paulo)"],
  "us-gov-east-1": ["AWS GovCloud (US-East)"],
  "us-gov-west-1": ["AWS GovCloud (US-West)", "AWS GovCloud (US)"],
  "cn-north-1": ["China (Beijing)"],
  "cn-northwest-1": ["China (Ningxia)"],
};

const REGION_CODE_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Lower-cased, accent-free, single-spaced, "EU (" → "europe (". */
function key(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^eu \(/, "europe (");
}

const BY_NAME = new Map<string, string>();
for (const [code, names] of Object.entries(REGION_NAMES)) {
  for (const name of names) BY_NAME.set(key(name), code);
}

/** True for strings shaped like a region code (`us-east-1`, `us-gov-west-1`). */
export function isRegionCode(value: string): boolean {
  return value.length <= 32 && REGION_CODE_RE.test(value);
}

/** Maps a region code or display name to its code; undefined when it is neither. */
export function toRegionCode(value: string): string | undefined {
  if (value.length > 100) return undefined;
  const trimmed = value.trim();
  if (isRegionCode(trimmed.toLowerCase())) return trimmed.toLowerCase();
  return BY_NAME.get(key(trimmed));
}

/** The region field of an ARN (`arn:aws:cloudwatch:us-east-1:…`) when it is a region code. */
export function regionFromArn(arn: string | undefined): string | undefined {
  const region = arn?.split(":")[3];
  return region && isRegionCode(region) ? region : undefined;
}

/** The account field of an ARN when it is twelve digits. */
export function accountFromArn(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
