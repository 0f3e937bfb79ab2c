import { rmSync } from "node:fs";
import { afterAll } from "vitest";
import { createdTempDirs } from "./temp-dir.js";

afterAll(() => {
  for (const dir of createdTempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
