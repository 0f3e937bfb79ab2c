/**
 * Certificate pinning, JWT scoping and the auth fallback, against bare TLS servers that record every byte they get:
 * what a man-in-the-middle would see is exactly what these servers see.
 */
import { X509Certificate } from "node:crypto";
import { createServer } from "node:net";
import { toBech32 } from "@cosmjs/encoding";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { DEVNET_MNEMONIC } from "../../src/devnet/chain/genesis.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import {
  ProviderAuthError,
  ProviderCertificateMismatchError,
  ProviderNotVerifiableError,
  ProviderReplyError,
  ProviderUnreachableError,
} from "../../src/provider/errors.js";
import { ProviderClient, type ProviderClientOptions } from "../../src/provider/provider-client.js";
import { devnetOwner, JWT_PATTERN, jwtClaims, providerIdentity, startFakeProvider, type FakeProvider } from "./fake-provider.js";

const PROVIDER = toBech32("akash", new Uint8Array(20).fill(7));
const OTHER_PROVIDER = toBech32("akash", new Uint8Array(20).fill(8));
const LEASE = { dseq: 42n, gseq: 1, oseq: 1 };
const STATUS_JSON = JSON.stringify({ services: { vllm: { name: "vllm", available: 1, total: 1, uris: null, ready_replicas: 1 } }, forwarded_ports: null, ips: null });

let owner: string;
const mnemonic = new Secret(DEVNET_MNEMONIC);
const servers: FakeProvider[] = [];

beforeAll(async () => {
  owner = await devnetOwner();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fake(...args: Parameters<typeof startFakeProvider>): Promise<FakeProvider> {
  const server = await startFakeProvider(...args);
  servers.push(server);
  return server;
}

const client = (options: Partial<ProviderClientOptions> & { hostUri: string; certificates: string[] }) =>
  new ProviderClient({ provider: PROVIDER, owner, mnemonic, timeoutMs: 10_000, ...options });

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

/** Nothing secret in an error's full text. */
function expectNoSecrets(error: unknown): void {
  const text = `${(error as Error).message}\n${String((error as Error).cause ?? "")}`;
  expect(text).not.toMatch(JWT_PATTERN);
  expect(text).not.toContain(DEVNET_MNEMONIC.split(" ").slice(0, 3).join(" "));
}

/** `count` connections came and closed, and none of them delivered a byte of application data. */
async function expectSilentVisits(server: FakeProvider, count: number): Promise<void> {
  await vi.waitFor(() => expect(server.tcp.filter((c) => c.closed)).toHaveLength(count), { timeout: 10_000, interval: 20 });
  expect(server.connections.flat().reduce((total, chunk) => total + chunk.length, 0)).toBe(0);
  expect(server.requests).toEqual([]);
}

describe("pinning the provider's certificate to the one on chain", () => {
  it("refuses a server whose certificate is not on chain, before any request byte (no Authorization header) reaches it", async () => {
    const impostor = await fake(PROVIDER);
    const genuine = await providerIdentity(PROVIDER);
    const error = await failure(client({ hostUri: impostor.hostUri, certificates: [genuine.cert] }).leaseStatus(LEASE));

    expect(error).toBeInstanceOf(ProviderCertificateMismatchError);
    const mismatch = error as ProviderCertificateMismatchError;
    expect(mismatch.message).toContain("possible man-in-the-middle");
    expect(mismatch.presented).toBe(new X509Certificate(impostor.certPem).fingerprint256);
    expect(mismatch.expected).toEqual([new X509Certificate(genuine.cert).fingerprint256]);
    expect(mismatch.message).toContain(mismatch.presented);
    expect(mismatch.message).toContain(mismatch.expected[0]);
    expect(mismatch.message).toContain("what to do next");
    expectNoSecrets(error);
    // The client connected and hung up without sending a single application byte.
    await expectSilentVisits(impostor, 1);
  });

  it("refuses an impostor for every kind of call: manifest upload (without retrying) and WebSocket streams", async () => {
    const impostor = await fake(PROVIDER);
    const genuine = await providerIdentity(PROVIDER);
    const provider = client({ hostUri: impostor.hostUri, certificates: [genuine.cert] });
    const attempts: unknown[] = [];
    const upload = await failure(provider.sendManifest(42n, "[]", { deadline: new Date(Date.now() + 60_000), onAttempt: (a) => attempts.push(a) }));
    expect(upload).toBeInstanceOf(ProviderCertificateMismatchError);
    expect(attempts).toEqual([]);
    const logs = await failure(provider.streamLogs(LEASE, { follow: true, onLine: () => undefined }));
    expect(logs).toBeInstanceOf(ProviderCertificateMismatchError);
    const events = await failure(provider.streamEvents(LEASE, { follow: false, onEvent: () => undefined }));
    expect(events).toBeInstanceOf(ProviderCertificateMismatchError);
    await expectSilentVisits(impostor, 3);
  });

  it("talks to the server holding the pinned certificate, with a JWT scoped to that provider and that call only", async () => {
    const genuine = await fake(PROVIDER, () => ({ status: 200, body: STATUS_JSON }));
    const status = await client({ hostUri: genuine.hostUri, certificates: [genuine.certPem] }).leaseStatus(LEASE);
    expect(status.services.vllm).toEqual({ name: "vllm", available: 1, total: 1, ready: 1, uris: [] });

    const [request] = genuine.requests;
    expect(request).toMatchObject({ method: "GET", path: "/lease/42/1/1/status" });
    const claims = jwtClaims(request!.headers.authorization);
    expect(claims).toMatchObject({ iss: owner, version: "v1", leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "scoped", scope: ["status"] }] } });
    const { exp, iat, nbf } = claims as { exp: number; iat: number; nbf: number };
    expect(exp - iat).toBeLessThanOrEqual(300);
    expect(nbf).toBeLessThanOrEqual(iat);
    expect(exp * 1000).toBeGreaterThan(Date.now());
  });

  it("refuses certificates that are not the provider's own, so its token cannot be pinned to someone else", async () => {
    const other = await providerIdentity(OTHER_PROVIDER);
    expect(() => client({ hostUri: "https://127.0.0.1:1", certificates: [other.cert] })).toThrow(ProviderNotVerifiableError);
    expect(() => client({ hostUri: "https://127.0.0.1:1", certificates: [] })).toThrow(/no valid certificate on chain/);
    expect(() => client({ hostUri: "https://127.0.0.1:1", certificates: ["not a pem"] })).toThrow(ProviderNotVerifiableError);
    // A JWT over plain HTTP would be readable on the way.
    const genuine = await providerIdentity(PROVIDER);
    expect(() => client({ hostUri: "http://127.0.0.1:1", certificates: [genuine.cert] })).toThrow(InvalidInputError);
  });
});

describe("authentication", () => {
  it('in "auto" mode falls back to the client certificate once when the provider refuses the JWT, and stays with it', async () => {
    const server = await fake(PROVIDER, (request) =>
      request.clientCertificate === undefined ? { status: 401, body: '{"message":"unauthorized access"}' } : { status: 200, body: STATUS_JSON },
    );
    const certificate = await providerIdentity(owner);
    let credentialReads = 0;
    const mtlsCredentials = async () => {
      credentialReads += 1;
      return { certPem: certificate.cert, keyPem: certificate.privateKey };
    };
    const provider = client({ hostUri: server.hostUri, certificates: [server.certPem], mtlsCredentials });
    await provider.leaseStatus(LEASE);
    await provider.leaseStatus(LEASE);

    expect(server.requests.map((r) => [r.headers.authorization !== undefined, r.clientCertificate?.subject])).toEqual([
      [true, undefined],
      [false, `CN=${owner}`],
      [false, `CN=${owner}`],
    ]);
    expect(credentialReads).toBe(2);
  });

  it('with "jwt" only (or no client certificate) a refusal is a ProviderAuthError quoting the provider, without the token', async () => {
    const server = await fake(PROVIDER, () => ({ status: 401, body: '{"message":"JWT is invalid"}' }));
    for (const auth of ["jwt", "auto"] as const) {
      const error = await failure(client({ hostUri: server.hostUri, certificates: [server.certPem], auth }).leaseStatus(LEASE));
      expect(error).toBeInstanceOf(ProviderAuthError);
      expect((error as ProviderAuthError).status).toBe(401);
      expect((error as Error).message).toContain("JWT is invalid");
      expectNoSecrets(error);
    }
    expect(() => client({ hostUri: server.hostUri, certificates: [server.certPem], auth: "mtls" })).toThrow(InvalidInputError);
  });

  it("never echoes a token the provider sends back", async () => {
    const server = await fake(PROVIDER, (request) => ({ status: 401, body: JSON.stringify({ message: `bad token ${request.headers.authorization}` }) }));
    const error = await failure(client({ hostUri: server.hostUri, certificates: [server.certPem], auth: "jwt" }).leaseStatus(LEASE));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect((error as Error).message).toContain("bad token Bearer <redacted>");
    expectNoSecrets(error);
  });
});

describe("replies and connection failures", () => {
  it("turns a non-JSON or malformed reply into a ProviderReplyError with the status and a short excerpt", async () => {
    const html = `<html>${"x".repeat(1000)}</html>`;
    const server = await fake(PROVIDER, (request) =>
      request.path.endsWith("/status") && request.headers["x-n"] === undefined ? { status: 200, body: html, contentType: "text/html" } : { status: 200, body: "{}" },
    );
    const error = await failure(client({ hostUri: server.hostUri, certificates: [server.certPem] }).leaseStatus(LEASE));
    expect(error).toBeInstanceOf(ProviderReplyError);
    expect((error as ProviderReplyError).status).toBe(200);
    expect((error as ProviderReplyError).excerpt.length).toBeLessThanOrEqual(201);
    expect((error as Error).message).toContain("<html>");

    const wrongShape = await fake(PROVIDER, () => ({ status: 200, body: '{"services":{"vllm":{"available":"many"}}}' }));
    const shape = await failure(client({ hostUri: wrongShape.hostUri, certificates: [wrongShape.certPem] }).leaseStatus(LEASE));
    expect(shape).toBeInstanceOf(ProviderReplyError);
    expect((shape as Error).message).toContain("LeaseStatus");
  });

  it("reports a provider nobody answers for as ProviderUnreachableError naming the hostUri", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const hostUri = `https://127.0.0.1:${port}`;
    const genuine = await providerIdentity(PROVIDER);
    const error = await failure(client({ hostUri, certificates: [genuine.cert] }).leaseStatus(LEASE));
    expect(error).toBeInstanceOf(ProviderUnreachableError);
    expect((error as ProviderUnreachableError).code).toBe("ECONNREFUSED");
    expect((error as Error).message).toContain(hostUri);
  });
});
