/**
 * What counts as a leaked secret in the CLI's output. The devnet mnemonic (six consecutive words of it) and
 * JWTs never appear anywhere; inference API keys only where the user asked for them (--show-secrets) or on
 * the stdout of a command whose output is the artifact that must carry them (an SDL or manifest).
 */
import { DEVNET_MNEMONIC } from "../src/devnet/chain/genesis.js";

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;
const API_KEY = /sk-ag-[A-Za-z0-9_-]{16,}/;
const MNEMONIC_PIECE = DEVNET_MNEMONIC.split(" ").slice(0, 6).join(" ");

const artifactOnStdout = (args: string[]) => args[0] === "sdl" && (args[1] === "render" || args[1] === "manifest");

export type CliRun = { args: string[]; stdout: string; stderr: string };

export function leakedSecrets(run: CliRun): string[] {
  const leaks: string[] = [];
  for (const [stream, text] of [["stdout", run.stdout], ["stderr", run.stderr]] as const) {
    // `devnet start` prints its public test mnemonic on purpose: it is the devnet's, not a user's.
    const devnetStart = run.args[0] === "devnet" && run.args[1] === "start";
    if (!devnetStart && text.includes(MNEMONIC_PIECE)) leaks.push(`${stream}: the mnemonic`);
    if (JWT.test(text)) leaks.push(`${stream}: a JWT`);
    const asked = run.args.includes("--show-secrets") || (stream === "stdout" && artifactOnStdout(run.args));
    if (!asked && API_KEY.test(text)) leaks.push(`${stream}: an API key`);
  }
  return leaks;
}
