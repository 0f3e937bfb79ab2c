/** Temporary directories for tests, removed when the test file is done (see test/remove-temp-dirs.ts). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const createdTempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `akash-gpu-${prefix}-`));
  createdTempDirs.push(dir);
  return dir;
}
