/** Incident ids become S3 key segments: refuse anything that could escape its prefix. */
import { AwsAdapterError } from "../aws-shared/errors.js";

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

export function safeIncidentId(incidentId: string): string {
  if (!SAFE.test(incidentId) || incidentId === "." || incidentId === "..") {
    throw new AwsAdapterError(
      `InvalidIncidentId: ${JSON.stringify(incidentId)} cannot be used in an S3 key (letters, digits and . _ : - only)`,
      "invalid",
      "InvalidIncidentId",
      "s3:PutObject",
      `incident ${incidentId}`,
    );
  }
  return incidentId;
}
