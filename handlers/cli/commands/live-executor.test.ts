import { ACTION_CATALOGUE } from "../../../knowledge/actions/index.js";
import { hasLiveAwsExecutor } from "./live-executor.js";

describe("air actions list: the aws column", () => {
  it("shows every catalogue action with a live AWS executor (AppConfig, WAF and IAM included)", () => {
    expect(ACTION_CATALOGUE.filter((a) => !hasLiveAwsExecutor(a.id)).map((a) => a.id)).toEqual([]);
    for (const id of ["appconfig-rollback-configuration", "waf-block-ip-set", "iam-reattach-role-policy"]) {
      expect(hasLiveAwsExecutor(id)).toBe(true);
    }
    expect(hasLiveAwsExecutor("reboot-the-world")).toBe(false);
  });
});
