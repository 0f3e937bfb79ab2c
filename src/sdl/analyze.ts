/**
 * Validates an SDL the way the network will (chain-sdk's schema and rules) plus akash-gpu's own rules, and
 * for a valid one produces what the chain and the provider need: the group specs, the manifest, and its
 * version hash.
 */
import { generateManifest, generateManifestVersion, manifestToSortedJSON } from "@akashnetwork/chain-sdk";
import type { PriceContext } from "../costs/price.js";
import { issue, type SdlIssue } from "./issues.js";
import { parseSdlText } from "./parse.js";
import { checkRules } from "./rules.js";
import { summarizeGroups, type SdlSummary } from "./summary.js";

type Manifest = Extract<ReturnType<typeof generateManifest>, { ok: true }>["value"];

export type SdlAnalysis =
  | { valid: false; errors: SdlIssue[]; warnings: SdlIssue[] }
  | {
      valid: true;
      errors: [];
      warnings: SdlIssue[];
      /** MsgCreateDeployment.groups */
      groupSpecs: Manifest["groupSpecs"];
      /** The manifest a provider receives, as the exact sorted JSON whose SHA-256 is the version. */
      manifestJson: string;
      /** 32-byte manifest version (MsgCreateDeployment.hash) as hex. */
      manifestVersion: string;
      /** The SDL's reclamation minimum window (MsgCreateDeployment.reclamation), if any. */
      reclamationMinWindow: string | undefined;
      summary: SdlSummary;
    };

export async function analyzeSdl(text: string, price: PriceContext): Promise<SdlAnalysis> {
  const parsed = parseSdlText(text);
  if (!parsed.ok) return { valid: false, errors: [parsed.issue], warnings: [] };
  const { data, lineOf } = parsed.value;
  const withLines = (found: SdlIssue): SdlIssue => (found.line !== undefined ? found : { ...found, line: lineOf(found.path) });

  const rules = checkRules(data);
  // chain-sdk 1.0.0-alpha.25 predates the reclamation section (node v2.1); it is not part of the manifest
  // and travels in MsgCreateDeployment, so it is checked here and removed before chain-sdk sees the SDL.
  const { reclamation, ...forChainSdk } = data;
  const generated = generateManifest(forChainSdk as unknown as Parameters<typeof generateManifest>[0], "mainnet");
  const schemaErrors = generated.ok ? [] : generated.value.map(fromChainSdk);
  const errors = dedupe([...rules.errors, ...schemaErrors]).map(withLines);
  const warnings = rules.warnings.map(withLines);
  if (!generated.ok || errors.length > 0) return { valid: false, errors, warnings };

  const { groups, groupSpecs } = generated.value;
  const manifestVersion = Buffer.from(await generateManifestVersion(groups)).toString("hex");
  return {
    valid: true,
    errors: [],
    warnings,
    groupSpecs,
    manifestJson: manifestToSortedJSON(groups),
    manifestVersion,
    reclamationMinWindow: (reclamation as { min_window?: string } | undefined)?.min_window,
    summary: summarizeGroups(groupSpecs, price),
  };
}

type ChainSdkError = { instancePath?: string; message?: string; keyword?: string; params?: Record<string, unknown> };

/** chain-sdk reports JSON-schema style errors; turn each into a YAML path, a message and a fix. */
function fromChainSdk(error: ChainSdkError): SdlIssue {
  const base = (error.instancePath ?? "").split("/").filter(Boolean);
  const params = error.params ?? {};
  const message = error.message ?? "invalid";
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const path = base[base.length - 1] === key ? base : [...base, key];
      // chain-sdk reuses this keyword for its own rules (unused endpoints, name patterns) with a message of its own.
      if (!/^Additional property/.test(message)) return issue(path, message, "see the SDL reference: https://akash.network/docs/network-features/stack-definition-language/");
      return issue(path, `${JSON.stringify(key)} is not an SDL key here`, `remove ${JSON.stringify(key)} or check its spelling and indentation`);
    }
    case "required":
      return issue([...base, String(params.missingProperty)], message, `add ${JSON.stringify(params.missingProperty)} at ${base.join(".") || "the top level"}`);
    case "type":
      return issue(base, message, `give a value of type ${String(params.type)}`);
    case "pattern":
      return issue(base, message, `match the pattern ${String(params.pattern)}`);
    case "enum":
      return issue(base, message, `use one of ${JSON.stringify(params.allowedValues)}`);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return issue(base, message, `use a value ${String(params.comparison ?? "within")} ${String(params.limit)}`);
    default:
      return issue(base, message, "see the SDL reference: https://akash.network/docs/network-features/stack-definition-language/");
  }
}

/** chain-sdk may report the same place twice (e.g. a oneOf); keep the first message per path. */
function dedupe(issues: SdlIssue[]): SdlIssue[] {
  const seen = new Set<string>();
  return issues.filter((found) => {
    const key = `${found.path}\u0000${found.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
