/**
 * Where the wallet's mnemonic comes from: AKASH_MNEMONIC, or a file only its owner can read
 * (AKASH_MNEMONIC_FILE / --mnemonic-file), or — for --network local only — the running devnet's public
 * test mnemonic. The mnemonic never appears in output, logs or errors.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/load.js";
import { Secret } from "../config/secret.js";
import { DEVNET_FILE, recordedDevnet } from "../devnet/description.js";
import { AkashGpuError } from "../errors/base.js";
import { InvalidInputError } from "../errors/invalid-input.js";

const WORDS = /^[a-z]+( [a-z]+){11}$|^[a-z]+( [a-z]+){23}$/;

export function loadMnemonic(config: Config): Secret {
  if (config.mnemonic) return config.mnemonic;
  if (config.mnemonicFile) return fromFile(config.mnemonicFile);
  if (config.network === "local") {
    const devnet = recordedDevnet(config.stateDir);
    if (devnet) return new Secret(devnet.mnemonic);
    throw new AkashGpuError("No devnet is running for --network local", {
      metaMessages: [`expected: ${join(config.stateDir, DEVNET_FILE)}, written by \`akash-gpu devnet start\``, "Start one with `akash-gpu devnet start` (it prints its test wallet), or set AKASH_MNEMONIC."],
    });
  }
  throw new AkashGpuError(`No wallet configured for ${config.network}`, {
    metaMessages: ["Set AKASH_MNEMONIC, or point AKASH_MNEMONIC_FILE (--mnemonic-file) at a file readable only by you (chmod 600)."],
  });
}

function fromFile(path: string): Secret {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new AkashGpuError(`Cannot read the mnemonic file ${path}`, { metaMessages: ["expected: a file holding the mnemonic, readable only by you (chmod 600)"], cause: error });
  }
  if ((mode & 0o077) !== 0) {
    throw new InvalidInputError("The mnemonic file is readable by others", [
      { field: path, found: `mode ${(mode & 0o777).toString(8).padStart(3, "0")}`, expected: `mode 600 or 400: run chmod 600 ${path}` },
    ]);
  }
  const words = readFileSync(path, "utf8").trim().split(/\s+/).join(" ");
  if (!WORDS.test(words)) {
    throw new InvalidInputError("The mnemonic file does not hold a mnemonic", [{ field: path, found: "content that is not 12 or 24 lowercase words (not shown: it is secret)", expected: "the 12 or 24 words of the wallet's mnemonic" }]);
  }
  return new Secret(words);
}
