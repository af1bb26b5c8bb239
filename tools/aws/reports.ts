/** ReportsPort over S3: `reports/<incidentId>.md` (under an optional prefix); returns the `s3://` URI. */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { awsCall } from "../aws-shared/errors.js";
import type { ReportsPort } from "../ports.js";
import { safeIncidentId } from "./s3-keys.js";

export class S3Reports implements ReportsPort {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Key prefix, e.g. `prod/`. Default none. */
    private readonly prefix = "",
  ) {}

  async write(incidentId: string, markdown: string): Promise<string> {
    const key = `${this.prefix}reports/${safeIncidentId(incidentId)}.md`;
    await awsCall(
      {
        action: "s3:PutObject",
        resource: `s3://${this.bucket}/${key}`,
        region: () => this.client.config.region(),
      },
      () =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: markdown,
            ContentType: "text/markdown; charset=utf-8",
          }),
        ),
    );
    return `s3://${this.bucket}/${key}`;
  }
}
