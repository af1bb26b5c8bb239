import { defineConfig } from "vitest/config";

/** Browser tests (`npm run test:e2e`): Playwright driving the system's Chromium against the console. */
export default defineConfig({
  test: {
    include: ["**/*.e2e.test.ts"],
    exclude: ["node_modules/**", "cdk.out/**", "runs/**", "dist/**", "test-output/**"],
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" },
  },
});
