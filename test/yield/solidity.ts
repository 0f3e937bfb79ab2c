/**
 * Compiles the test contracts (test/yield/contracts) with solc-js, resolving `@openzeppelin/contracts/…`
 * imports from node_modules: the contracts a test deploys are built from source in the test run.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import solc from "solc";
import type { Abi, Hex } from "viem";

const require = createRequire(import.meta.url);
const CONTRACTS_DIR = new URL("./contracts/", import.meta.url);

export type Compiled = Record<string, { abi: Abi; bytecode: Hex }>;

export function compileTestContracts(): Compiled {
  const sources = Object.fromEntries(
    readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith(".sol")).map((f) => [f, { content: readFileSync(new URL(f, CONTRACTS_DIR), "utf8") }]),
  );
  const input = {
    language: "Solidity",
    sources,
    // cancun: OpenZeppelin 5 needs mcopy; the test node runs the same hardfork.
    settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const findImports = (path: string) => {
    try {
      return { contents: readFileSync(require.resolve(path), "utf8") };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join("\n")}`);
  const compiled: Compiled = {};
  for (const file of Object.keys(sources)) {
    for (const [name, contract] of Object.entries(output.contracts[file] ?? {})) compiled[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  }
  return compiled;
}
