/**
 * Quoting a provider's reply in an error without leaking secrets. Providers echo what they were sent in some
 * failures (a JSON parser's message shows a slice of the manifest, whose env carries API keys and HF tokens),
 * so an excerpt drops every known secret and anything shaped like a JWT, and stays short.
 */

const MAX_EXCERPT = 200;
/** header.payload.signature, each base64url; JWT headers always start with "eyJ" ('{"'). */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Secrets shorter than this are not scrubbed: they would blank out ordinary words of the message. */
const MIN_SECRET_LENGTH = 6;

export function excerpt(body: string, secrets: readonly string[] = []): string {
  let text = body.replace(/\s+/g, " ").trim();
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) text = text.split(secret).join("<redacted>");
  }
  text = text.replace(JWT_SHAPE, "<redacted>");
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text;
}

/**
 * The values of every service's environment in a manifest (akash.manifest.v2beta3: groups[].services[].env is a
 * list of "NAME=value"): what must never come back out of a provider's error message.
 */
export function manifestSecrets(manifestJson: string): string[] {
  let groups: unknown;
  try {
    groups = JSON.parse(manifestJson);
  } catch {
    return [];
  }
  if (!Array.isArray(groups)) return [];
  const values: string[] = [];
  for (const group of groups as { services?: { env?: unknown }[] }[]) {
    for (const service of group?.services ?? []) {
      if (!Array.isArray(service?.env)) continue;
      for (const entry of service.env) {
        if (typeof entry !== "string") continue;
        const value = entry.slice(entry.indexOf("=") + 1);
        values.push(value);
        // JSON parsers quote the raw text, where the value appears JSON-escaped.
        values.push(JSON.stringify(value).slice(1, -1));
      }
    }
  }
  return values;
}
