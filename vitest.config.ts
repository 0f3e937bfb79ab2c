import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests run the built bin: build once before the run.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/remove-temp-dirs.ts", "test/secret-scan.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
