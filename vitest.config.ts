import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "cdk.out/**", "runs/**", "dist/**"],
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
