/**
 * The client of one provider's gateway (provider-services REST + WebSocket API at the provider's hostUri), for the
 * leases of one owner: send a manifest, read a lease's status, stream its logs and Kubernetes events.
 *
 * Every connection is pinned to the provider's certificates on chain (pinned-tls.ts) before anything is sent.
 * Authentication is a short-lived JWT scoped to this provider and to the call (jwt.ts); in "auto" mode a provider
 * that refuses JWTs (older than v0.10) gets the owner's client certificate instead, once, and keeps getting it.
 */
import type { Secret } from "../config/secret.js";
import { InvalidInputError } from "../errors/invalid-input.js";
import { CertificatePins } from "./certificate-pins.js";
import { ProviderAuthError, ProviderLeaseNotFoundError, ProviderNotFoundError, ProviderReplyError } from "./errors.js";
import { ProviderJwt, type ProviderScope } from "./jwt.js";
import { parseLeaseStatus, type LeaseStatus } from "./lease-status.js";
import { uploadManifest, type ManifestAttempt } from "./manifest-upload.js";
import { clientCertificateCredentials, type CertificateTx } from "./mtls.js";
import { pinnedRequest, pinnedWebSocket, type ClientIdentity, type HttpReply, type WebSocketOutcome } from "./pinned-tls.js";
import { providerCertificates, type ChainSdk } from "./provider-certificates.js";
import { excerpt, manifestSecrets } from "./redact.js";
import { readStream, toLeaseEvent, toLogLine, type LeaseEvent, type LogLine } from "./streams.js";

export type ProviderAuthMode = "auto" | "jwt" | "mtls";
export type LeaseRef = { dseq: bigint; gseq: number; oseq: number };

export interface ProviderClientOptions {
  /** The provider's owner address (akash1…). */
  provider: string;
  /** Where its gateway listens (the provider record's host_uri): must be https. */
  hostUri: string;
  /** PEMs of the provider's valid certificates on chain: the only certificates its gateway may present. */
  certificates: string[];
  /** The tenant: owner of the leases, issuer of the JWTs. */
  owner: string;
  mnemonic: Secret;
  /** Default "auto": JWT, falling back to mTLS for a provider that refuses JWTs. */
  auth?: ProviderAuthMode;
  /** The owner's client certificate (valid on chain) for the mTLS path; see ensureClientCertificate. */
  mtlsCredentials?: () => Promise<ClientIdentity>;
  /** Connect + one request; default 30 s. */
  timeoutMs?: number;
}

export type ConnectOptions = Omit<ProviderClientOptions, "hostUri" | "certificates"> & {
  sdk: ChainSdk;
  /**
   * With both, and no `mtlsCredentials`, the mTLS path uses the owner's client certificate from
   * `<stateDir>/certificates`, created and published on chain the first time a provider needs it.
   */
  stateDir?: string;
  tx?: CertificateTx;
};

export interface StreamOptions {
  /** Keep streaming new lines/events until the lease's pods stop (or `signal` aborts). */
  follow: boolean;
  /** Only these services (SDL names); default all. */
  service?: string;
  signal?: AbortSignal;
}

type Credentials = { mode: "jwt" | "mtls"; headers: Record<string, string>; clientIdentity?: ClientIdentity; secrets: string[] };

const DEFAULT_TIMEOUT_MS = 30_000;

export class ProviderClient {
  readonly provider: string;
  readonly hostUri: string;
  readonly owner: string;
  readonly #pins: CertificatePins;
  readonly #jwt: ProviderJwt;
  readonly #auth: ProviderAuthMode;
  readonly #mtlsCredentials: (() => Promise<ClientIdentity>) | undefined;
  readonly #timeoutMs: number;
  /** What this provider accepts, as far as we know: "auto" starts with JWT and may settle on mTLS. */
  #mode: "jwt" | "mtls";

  constructor(options: ProviderClientOptions) {
    const { provider, hostUri, owner, mtlsCredentials } = options;
    if (!isHttps(hostUri)) {
      // A JWT sent over plain HTTP is readable by anyone on the path: refuse rather than downgrade.
      throw new InvalidInputError("Provider", [{ field: "hostUri", found: JSON.stringify(hostUri), expected: `an https:// URL (provider ${provider}'s gateway)` }]);
    }
    this.#auth = options.auth ?? "auto";
    if (this.#auth === "mtls" && mtlsCredentials === undefined) {
      throw new InvalidInputError("Provider", [{ field: "auth", found: '"mtls" without a client certificate', expected: "mtlsCredentials (ensureClientCertificate), or auth jwt/auto" }]);
    }
    this.provider = provider;
    this.hostUri = hostUri.replace(/\/+$/, "");
    this.owner = owner;
    this.#pins = new CertificatePins(provider, options.certificates);
    this.#jwt = new ProviderJwt({ owner, provider, mnemonic: options.mnemonic });
    this.#mtlsCredentials = mtlsCredentials;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#mode = this.#auth === "mtls" ? "mtls" : "jwt";
  }

  /** A client for `provider` with its hostUri and certificates read from chain. */
  static async connect(options: ConnectOptions): Promise<ProviderClient> {
    const { sdk, stateDir, tx, ...rest } = options;
    const { provider, owner } = options;
    let hostUri: string | undefined;
    try {
      hostUri = (await sdk.akash.provider.v1beta4.getProvider({ owner: provider })).provider?.hostUri;
    } catch (error) {
      // gRPC NOT_FOUND: the chain has no such provider. Anything else (node down, …) is the chain client's to report.
      if ((error as { code?: unknown }).code === 5) throw new ProviderNotFoundError(provider, error);
      throw error;
    }
    if (!hostUri) throw new ProviderNotFoundError(provider);
    const certificates = await providerCertificates(sdk, provider);
    const mtlsCredentials = rest.mtlsCredentials ?? (stateDir !== undefined && tx !== undefined ? clientCertificateCredentials({ sdk, tx, stateDir, owner }) : undefined);
    return new ProviderClient({ ...rest, hostUri, certificates, ...(mtlsCredentials ? { mtlsCredentials } : {}) });
  }

  /**
   * PUT /deployment/{dseq}/manifest, retried on 5xx, 429 and connection failures until `deadline` (the provider
   * closes the lease 5 minutes after its creation). `onAttempt` hears of every failed attempt that is retried.
   */
  sendManifest(dseq: bigint, manifestJson: string, options: { deadline: Date; onAttempt?: (attempt: ManifestAttempt) => void }): Promise<{ attempts: number; ms: number }> {
    const url = this.#url(`/deployment/${dseq}/manifest`);
    const secrets = manifestSecrets(manifestJson);
    return uploadManifest((timeoutMs) => this.#request("PUT", url, "send-manifest", "manifest upload", { body: manifestJson, timeoutMs }), {
      dseq,
      provider: this.provider,
      deadline: options.deadline,
      ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
      attemptTimeoutMs: this.#timeoutMs,
      secrets,
    });
  }

  /** GET /lease/{dseq}/{gseq}/{oseq}/status, normalised. */
  async leaseStatus(lease: LeaseRef): Promise<LeaseStatus> {
    const what = "lease status";
    const reply = await this.#request("GET", this.#url(`${leasePath(lease)}/status`), "status", what);
    if (reply.status === 404) throw new ProviderLeaseNotFoundError(leaseText(lease), this.provider);
    const expected = "HTTP 200 with the lease's status JSON";
    if (reply.status !== 200) throw new ProviderReplyError(this.hostUri, what, reply.status, excerpt(reply.body), expected);
    let json: unknown;
    try {
      json = JSON.parse(reply.body);
    } catch {
      throw new ProviderReplyError(this.hostUri, what, reply.status, excerpt(reply.body), `${expected}, not text`);
    }
    const parsed = parseLeaseStatus(json);
    if (!parsed.ok) throw new ProviderReplyError(this.hostUri, what, reply.status, excerpt(reply.body), `a LeaseStatus (${parsed.problem})`);
    return parsed.status;
  }

  /** The lease's container logs (WebSocket …/logs); resolves when the stream ends, or on abort. */
  streamLogs(lease: LeaseRef, options: StreamOptions & { tail?: number; onLine: (line: LogLine) => void }): Promise<void> {
    const query = streamQuery(options);
    if (options.tail !== undefined) query.set("tail", String(options.tail));
    return this.#stream(lease, "logs", query, options.signal, (frame) => {
      const line = toLogLine(frame);
      if (line !== undefined) options.onLine(line);
      return line !== undefined;
    });
  }

  /** The Kubernetes events of the lease's namespace (WebSocket …/kubeevents); resolves when the stream ends, or on abort. */
  streamEvents(lease: LeaseRef, options: StreamOptions & { onEvent: (event: LeaseEvent) => void }): Promise<void> {
    return this.#stream(lease, "events", streamQuery(options), options.signal, (frame) => {
      const event = toLeaseEvent(frame);
      if (event !== undefined) options.onEvent(event);
      return event !== undefined;
    });
  }

  async #stream(lease: LeaseRef, what: "logs" | "events", query: URLSearchParams, signal: AbortSignal | undefined, onFrame: (frame: unknown) => boolean): Promise<void> {
    if (signal?.aborted) return;
    const route = what === "logs" ? "logs" : "kubeevents";
    const url = this.#url(`${leasePath(lease)}/${route}${query.size > 0 ? `?${query}` : ""}`);
    const label = `${what} stream`;
    const outcome = await this.#authenticated(what, (credentials) =>
      pinnedWebSocket(url, { ...this.#connection(credentials), headers: credentials.headers, what: label }),
      (result: WebSocketOutcome) => ("refused" in result ? result.refused : undefined),
    );
    if ("refused" in outcome) {
      const { status, body } = outcome.refused;
      if (status === 404) throw new ProviderLeaseNotFoundError(leaseText(lease), this.provider);
      throw new ProviderReplyError(this.hostUri, label, status, excerpt(body), "HTTP 101 (WebSocket upgrade)");
    }
    return readStream(outcome.ws, { hostUri: this.hostUri, provider: this.provider, lease: leaseText(lease), what, ...(signal ? { signal } : {}), onFrame });
  }

  #request(method: "GET" | "PUT", url: URL, scope: ProviderScope, what: string, extra: { body?: string; timeoutMs?: number } = {}): Promise<HttpReply> {
    return this.#authenticated(
      scope,
      (credentials) =>
        pinnedRequest(url, {
          ...this.#connection(credentials),
          ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
          method,
          headers: { ...credentials.headers, ...(extra.body === undefined ? {} : { "content-type": "application/json" }) },
          ...(extra.body === undefined ? {} : { body: extra.body }),
          what,
        }),
      (reply) => reply,
    );
  }

  /**
   * Runs `send` with this provider's credentials. An auth refusal in "auto" mode switches to mTLS once (when a
   * client certificate is configured); any other refusal is a ProviderAuthError.
   */
  async #authenticated<T>(scope: ProviderScope, send: (credentials: Credentials) => Promise<T>, replyOf: (result: T) => HttpReply | undefined): Promise<T> {
    const modes: ("jwt" | "mtls")[] = this.#auth === "auto" && this.#mode === "jwt" ? ["jwt", "mtls"] : [this.#mode];
    const tried: ("jwt" | "mtls")[] = [];
    let refusal: { reply: HttpReply; secrets: string[] } | undefined;
    for (const mode of modes) {
      if (mode === "mtls" && this.#mtlsCredentials === undefined) break;
      const credentials = await this.#credentials(mode, scope);
      const result = await send(credentials);
      tried.push(mode);
      const reply = replyOf(result);
      if (reply !== undefined && isAuthRefusal(reply)) {
        refusal = { reply, secrets: credentials.secrets };
        continue;
      }
      // The provider took the client certificate after refusing the JWT: it is an old one, stay with mTLS.
      this.#mode = mode;
      return result;
    }
    const { reply, secrets } = refusal!;
    const hint =
      this.#auth === "auto" && this.#mtlsCredentials === undefined
        ? "what to do next: check that the wallet owns the lease and has sent a transaction before; for providers older than v0.10, configure a client certificate (mTLS)."
        : undefined;
    throw new ProviderAuthError(this.hostUri, this.provider, reply.status, tried, providerMessage(reply.body, secrets), hint);
  }

  async #credentials(mode: "jwt" | "mtls", scope: ProviderScope): Promise<Credentials> {
    if (mode === "mtls") return { mode, headers: {}, clientIdentity: await this.#mtlsCredentials!(), secrets: [] };
    const token = (await this.#jwt.token(scope)).reveal();
    return { mode, headers: { authorization: `Bearer ${token}` }, secrets: [token] };
  }

  #connection(credentials: Credentials) {
    return {
      hostUri: this.hostUri,
      pins: this.#pins,
      timeoutMs: this.#timeoutMs,
      ...(credentials.clientIdentity ? { clientIdentity: credentials.clientIdentity } : {}),
    };
  }

  #url(path: string): URL {
    return new URL(path, `${this.hostUri}/`);
  }
}

/** 401/403, or the 400s the provider's auth middleware answers (bad header, invalid claims, JWT plus certificate). */
function isAuthRefusal(reply: HttpReply): boolean {
  if (reply.status === 401 || reply.status === 403) return true;
  return reply.status === 400 && /JWT|authori[sz]ation header|authentication/i.test(reply.body);
}

/** The provider's auth errors are JSON {"message": …}; anything else is quoted as a short excerpt. */
function providerMessage(body: string, secrets: string[]): string {
  try {
    const { message } = JSON.parse(body) as { message?: unknown };
    if (typeof message === "string") return excerpt(message, secrets);
  } catch {
    // Not JSON: quote the text.
  }
  return excerpt(body, secrets);
}

function streamQuery(options: StreamOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.follow) query.set("follow", "true");
  if (options.service !== undefined && options.service !== "") query.set("service", options.service);
  return query;
}

const leasePath = (lease: LeaseRef): string => `/lease/${lease.dseq}/${lease.gseq}/${lease.oseq}`;
const leaseText = (lease: LeaseRef): string => `${lease.dseq}/${lease.gseq}/${lease.oseq}`;

function isHttps(hostUri: string): boolean {
  try {
    return new URL(hostUri).protocol === "https:";
  } catch {
    return false;
  }
}
