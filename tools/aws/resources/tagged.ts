/**
 * Finding a service's resources by tag with the Resource Groups Tagging API: one paginated GetResources per
 * service tag key (tag filters on different keys are AND-ed, so each spelling is its own query), filtered
 * to one resource type. One call per page of matches instead of listing every resource and reading each
 * one's tags.
 */
import {
  paginateGetResources,
  type ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { awsCall } from "../../aws-shared/errors.js";

/** ARNs of resources of `resourceType` (e.g. `lambda:function`, or several) tagged `<one of keys> = value`. */
export async function taggedResourceArns(
  client: ResourceGroupsTaggingAPIClient,
  resourceType: string | readonly string[],
  keys: readonly string[],
  value: string,
): Promise<string[]> {
  const types = typeof resourceType === "string" ? [resourceType] : [...resourceType];
  const arns = new Set<string>();
  for (const key of keys) {
    const context = {
      action: "tag:GetResources",
      resource: `${types.join(", ")} tagged ${key}=${value}`,
      region: () => client.config.region(),
    };
    await awsCall(context, async () => {
      const pages = paginateGetResources(
        { client, pageSize: 100 },
        { ResourceTypeFilters: types, TagFilters: [{ Key: key, Values: [value] }] },
      );
      for await (const page of pages) {
        for (const mapping of page.ResourceTagMappingList ?? []) {
          if (mapping.ResourceARN) arns.add(mapping.ResourceARN);
        }
      }
    });
  }
  return [...arns].sort();
}

/** `arn:aws:lambda:eu-west-1:123:function:name` (possibly with a qualifier) → `name`. */
export function functionNameOfArn(arn: string): string | undefined {
  return /:function:([^:]+)/.exec(arn)?.[1];
}
