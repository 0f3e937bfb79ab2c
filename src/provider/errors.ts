/**
 * What can go wrong talking to a provider's gateway, as typed errors. None of them carries a token, a mnemonic
 * or a manifest's environment: provider replies are quoted only through `excerpt()` (redact.ts), and the
 * messages are built from addresses, URLs, fingerprints and status codes alone.
 */
import { AkashGpuError } from "../errors/base.js";

/** The server at the provider's hostUri presented a certificate that is not one of the provider's on chain. */
export class ProviderCertificateMismatchError extends AkashGpuError {
  override name = "ProviderCertificateMismatchError";

  constructor(
    readonly hostUri: string,
    readonly provider: string,
    /** SHA-256 fingerprint the server presented ("AB:CD:…"); undefined when it presented none. */
    readonly presented: string | undefined,
    /** Fingerprints of the provider's valid certificates on chain. */
    readonly expected: readonly string[],
  ) {
    super(`The TLS certificate at ${hostUri} is not the certificate provider ${provider} registered on chain: possible man-in-the-middle`, {
      metaMessages: [
        `expected: SHA-256 fingerprint ${expected.join(" or ")} (the provider's valid certificate on chain)`,
        `found: ${presented === undefined ? "no certificate at all" : `SHA-256 fingerprint ${presented}`}`,
        "Nothing was sent to this server: the connection was closed before any request, token or manifest.",
        "what to do next: do not work around this check. Look for a proxy, VPN or DNS entry between you and the provider; " +
          "if the provider has just rotated its certificate, run the command again (certificates are read from chain each time); " +
          "otherwise lease from another provider.",
      ],
    });
  }
}

/** The provider has no certificate on chain that a connection could be pinned to, or the given ones are not its own. */
export class ProviderNotVerifiableError extends AkashGpuError {
  override name = "ProviderNotVerifiableError";

  constructor(readonly provider: string, found: string) {
    super(`Provider ${provider} cannot be verified: ${found}`, {
      metaMessages: [
        `expected: at least one valid akash.cert.v1 certificate owned by ${provider} (its gateway's TLS certificate)`,
        `found: ${found}`,
        "Without it the provider's self-signed TLS certificate cannot be told apart from an impostor's, so nothing is sent.",
        "what to do next: lease from another provider, or ask this provider's operator to publish its certificate (provider-services tx cert publish server).",
      ],
    });
  }
}

/** The provider is not registered on chain (no host URI to talk to). */
export class ProviderNotFoundError extends AkashGpuError {
  override name = "ProviderNotFoundError";

  constructor(readonly provider: string, cause?: unknown) {
    super(`Provider ${provider} is not registered on chain`, {
      metaMessages: [
        "expected: an akash.provider.v1beta4 provider record with a host URI",
        "what to do next: check the provider address (akash1…), and that the network (mainnet, sandbox, local) is the one the lease is on.",
      ],
      cause,
    });
  }
}

/** No connection to the gateway: refused, reset, timed out, no route, unknown host, TLS failure. */
export class ProviderUnreachableError extends AkashGpuError {
  override name = "ProviderUnreachableError";

  constructor(
    readonly hostUri: string,
    /** The system error code (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, …) or "TLS" for a failed handshake. */
    readonly code: string,
    cause?: unknown,
    /** The connection presented a client certificate (mTLS), which a provider drops connections for when it refuses it. */
    withClientCertificate = false,
  ) {
    super(`Provider gateway ${hostUri} is unreachable (${code})`, {
      metaMessages: [
        `expected: the provider's gateway answering HTTPS at ${hostUri}`,
        `found: ${describeCode(code)}`,
        ...(withClientCertificate && code !== "ECONNREFUSED"
          ? ["A provider also drops the connection when it refuses the client certificate (revoked, expired, not on chain): ensureClientCertificate publishes a new one."]
          : []),
        "what to do next: retry in a minute; if it stays down, the provider is offline and its leases will not serve — close them or lease elsewhere.",
      ],
      cause,
    });
  }
}

/** The provider refused our credentials (JWT, or client certificate on the mTLS path). */
export class ProviderAuthError extends AkashGpuError {
  override name = "ProviderAuthError";

  constructor(
    readonly hostUri: string,
    readonly provider: string,
    readonly status: number,
    /** How we authenticated: "jwt", "mtls", or both in order when "auto" fell back. */
    readonly tried: readonly ("jwt" | "mtls")[],
    providerMessage: string,
    hint?: string,
  ) {
    super(`Provider ${provider} refused our credentials (HTTP ${status})`, {
      metaMessages: [
        `expected: the provider to accept ${tried.map((mode) => (mode === "jwt" ? "a JWT signed by the owner's key" : "the owner's client certificate on chain")).join(", then ")}`,
        `found: HTTP ${status} ${providerMessage || "(no message)"} from ${hostUri}`,
        hint ??
          "what to do next: check that the wallet is the lease's owner and has sent at least one transaction (the provider verifies JWTs against the account's public key on chain); " +
            "providers older than v0.10 need the mTLS path (--provider-auth mtls).",
      ],
    });
  }
}

/** The provider refused the manifest itself (422 version mismatch, 400 bad manifest, 404 no lease, …). Not retried. */
export class ManifestRejectedError extends AkashGpuError {
  override name = "ManifestRejectedError";

  constructor(
    readonly dseq: bigint,
    readonly provider: string,
    readonly status: number,
    readonly providerMessage: string,
  ) {
    super(`Provider ${provider} rejected the manifest of deployment ${dseq} (HTTP ${status}): ${providerMessage || "no message"}`, {
      metaMessages: [
        "expected: the manifest whose sha256 is the deployment's version hash on chain, for a deployment with an open lease at this provider",
        `found: HTTP ${status} "${providerMessage}"`,
        status === 422
          ? "what to do next: send exactly the manifest the deployment was created from (the SDL must not change after MsgCreateDeployment), or update the deployment first."
          : "what to do next: check that the lease is still open (akash-gpu status) and that the manifest was rendered from the deployment's SDL.",
        "The lease stays open and paid for until it is closed; the provider closes it 5 minutes after its creation if no manifest is accepted.",
      ],
    });
  }
}

/** Manifest uploads kept failing (5xx, 429, connection errors) until the deadline the caller gave passed. */
export class ManifestDeadlineError extends AkashGpuError {
  override name = "ManifestDeadlineError";

  constructor(
    readonly dseq: bigint,
    readonly provider: string,
    readonly deadline: Date,
    readonly attempts: number,
    lastFailure: string,
    cause?: unknown,
  ) {
    super(`The manifest of deployment ${dseq} did not reach provider ${provider} before ${deadline.toISOString()}`, {
      metaMessages: [
        `found: ${attempts} attempt(s), the last one: ${lastFailure}`,
        "The provider closes a lease that got no manifest within 5 minutes of its creation (reason manifest_timeout); the deposit stays in escrow.",
        "what to do next: close the deployment to get the deposit back, and deploy again (another provider will likely bid).",
      ],
      cause,
    });
  }
}

/** The provider knows no deployment for this lease: no manifest accepted yet, or the lease closed. */
export class ProviderLeaseNotFoundError extends AkashGpuError {
  override name = "ProviderLeaseNotFoundError";

  constructor(readonly lease: string, readonly provider: string) {
    super(`Provider ${provider} runs nothing for lease ${lease}`, {
      metaMessages: [
        "expected: a lease whose manifest the provider accepted",
        "found: the provider answered that it has no deployment for this lease",
        "what to do next: send the manifest (it must arrive within 5 minutes of the lease), or check on chain whether the lease was closed.",
      ],
    });
  }
}

/** A reply we cannot use: an unexpected status, or a body that is not the JSON the protocol specifies. */
export class ProviderReplyError extends AkashGpuError {
  override name = "ProviderReplyError";

  constructor(
    readonly hostUri: string,
    /** What we asked for: "lease status", "manifest upload", "logs stream", … */
    readonly what: string,
    readonly status: number,
    /** A short, redacted excerpt of the body. */
    readonly excerpt: string,
    expected: string,
  ) {
    super(`Unexpected reply to the ${what} request from ${hostUri} (HTTP ${status})`, {
      metaMessages: [`expected: ${expected}`, `found: HTTP ${status} ${excerpt || "(empty body)"}`, "what to do next: retry later; if it persists, the provider's gateway is misbehaving — lease elsewhere."],
    });
  }
}

/** A log or event stream that the provider ended with an error. */
export class ProviderStreamError extends AkashGpuError {
  override name = "ProviderStreamError";

  constructor(
    readonly hostUri: string,
    readonly what: string,
    readonly code: number,
    reason: string,
  ) {
    super(`The provider ended the ${what} stream (${code}${reason ? ` ${reason}` : ""})`, {
      metaMessages: [
        `found: WebSocket close code ${code} from ${hostUri}${reason ? `: ${reason}` : ""}`,
        code === 4000 ? "what to do next: the lease has no running pods (yet); wait until its services are available and try again." : "what to do next: retry; if the provider went down, the lease is not serving.",
      ],
    });
  }
}

function describeCode(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused: nothing listens there (the provider's gateway is down)";
    case "ECONNRESET":
    case "EPIPE":
      return "the connection was reset";
    case "ETIMEDOUT":
      return "no answer in time";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "no route to the host";
    case "TLS":
      return "the TLS handshake failed";
    default:
      return code;
  }
}

/** The mTLS client certificate could not be read, stored or published on chain. */
export class ClientCertificateError extends AkashGpuError {
  override name = "ClientCertificateError";

  constructor(shortMessage: string, metaMessages: string[], cause?: unknown) {
    super(shortMessage, { metaMessages, cause });
  }
}
