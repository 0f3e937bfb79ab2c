import { execFileSync } from "node:child_process";

/**
 * The CLI tests spawn bin/akash-gpu.js, which runs dist/: compile it from the current sources first.
 * Type errors do not stop the run here (tsc still emits, and `npm test` type-checks before vitest starts),
 * so tests of one module can run while another is half-written.
 */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: ["ignore", "ignore", "inherit"] });
  } catch {
    console.warn("global setup: tsc reported type errors; dist/ was emitted anyway (npm test type-checks separately)");
  }
}
