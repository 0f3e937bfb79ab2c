/**
 * Reads SDL text. The data comes from js-yaml, the parser chain-sdk and Akash Console use, so every SDL they
 * accept is accepted here too; a second parse with the `yaml` package (when it succeeds) maps YAML paths to
 * line numbers for messages.
 */
import jsYaml from "js-yaml";
import { LineCounter, parseDocument } from "yaml";
import { issue, type SdlIssue } from "./issues.js";

export type ParsedSdl = {
  data: Record<string, unknown>;
  /** 1-based line of a dotted YAML path, when it can be found. */
  lineOf(path: string): number | undefined;
};

export function parseSdlText(text: string): { ok: true; value: ParsedSdl } | { ok: false; issue: SdlIssue } {
  let data: unknown;
  try {
    data = jsYaml.load(text);
  } catch (error) {
    const yamlError = error as { reason?: string; mark?: { line: number } };
    return {
      ok: false,
      issue: { ...issue("(document)", `not valid YAML: ${yamlError.reason ?? String(error)}`, "fix the YAML syntax at that line"), line: yamlError.mark ? yamlError.mark.line + 1 : undefined },
    };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, issue: issue("(document)", "the SDL is not a YAML mapping", "start from `akash-gpu sdl render` or an SDL with version, services, profiles and deployment") };
  }
  return { ok: true, value: { data: data as Record<string, unknown>, lineOf: lineFinder(text) } };
}

function lineFinder(text: string): (path: string) => number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, strict: false });
  if (doc.errors.length > 0) return () => undefined;
  return (path) => {
    const keys = path.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    // Walk up until a node exists: a missing key is reported at its parent.
    for (let depth = keys.length; depth > 0; depth--) {
      const node = doc.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
