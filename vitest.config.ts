import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    // Browser tests run on their own (`npm run test:e2e`, vitest.e2e.config.ts).
    exclude: ["node_modules/**", "cdk.out/**", "runs/**", "dist/**", "**/*.e2e.test.ts"],
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The SDK warns about Node 20 on every client; the tests are about our code, not the runtime.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
