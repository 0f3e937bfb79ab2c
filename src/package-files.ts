/**
 * Files shipped beside the code (data/, sdl-templates/). This module sits one level below the package root
 * both as src/package-files.ts and as dist/package-files.js, so the same relative path works in both.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function packageFilePath(relativePath: string): string {
  return fileURLToPath(new URL(`../${relativePath}`, import.meta.url));
}

export function readPackageFile(relativePath: string): string {
  return readFileSync(packageFilePath(relativePath), "utf8");
}

export function readPackageJson<T>(relativePath: string): T {
  return JSON.parse(readPackageFile(relativePath)) as T;
}
