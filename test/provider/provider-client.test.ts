/**
 * The provider client against the devnet's providers, over real sockets: manifest delivery with retries and
 * deadlines, lease status, logs and events, and every way a provider can fail or be impersonated.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import {
  ManifestDeadlineError,
  ManifestRejectedError,
  ProviderCertificateMismatchError,
  ProviderLeaseNotFoundError,
  ProviderNotFoundError,
  ProviderNotVerifiableError,
  ProviderUnreachableError,
} from "../../src/provider/errors.js";
import { providerCertificates } from "../../src/provider/provider-certificates.js";
import { ProviderClient } from "../../src/provider/provider-client.js";
import type { LeaseEvent, LogLine } from "../../src/provider/streams.js";
import { FIXED_API_KEY } from "../sdl/helpers.js";
import { chainSdk } from "../devnet/clients.js";
import { clearFaults, expectNoSecrets, leaseOnDevnet, rejection, type Client } from "./devnet-lease.js";

const BLOCK_MS = 200;
const WAIT = { timeout: 30_000, interval: 100 };
let devnet: Devnet;
let client: Client;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, workloadLoadDelayMs: 200 });
  client = chainSdk(devnet, devnet.mnemonic);
});

afterAll(async () => {
  await client?.signer.disconnect();
  await devnet?.stop();
});

afterEach(() => clearFaults(devnet));

async function setup() {
  const leased = await leaseOnDevnet(devnet, client, BLOCK_MS);
  const provider = await ProviderClient.connect({ sdk: client.sdk, provider: leased.provider, owner: devnet.address, mnemonic: leased.mnemonic, timeoutMs: 10_000 });
  return { ...leased, client: provider };
}

const soon = (ms: number) => new Date(Date.now() + ms);

describe("ProviderClient against the devnet", () => {
  it("delivers the manifest; the workload becomes available and its endpoint answers /v1/models with the API key", async () => {
    const { client: provider, order, dseq, lease, provider: owner } = await setup();
    expect(provider.hostUri).toBe(devnet.providers.find((p) => p.owner === owner)!.hostUri);
    const sent = await provider.sendManifest(dseq, order.manifestJson, { deadline: soon(60_000) });
    expect(sent.attempts).toBe(1);

    const status = await vi.waitFor(async () => {
      const current = await provider.leaseStatus(lease);
      expect(current.services.vllm?.available).toBe(current.services.vllm?.total);
      return current;
    }, WAIT);
    expect(status.services.vllm).toMatchObject({ name: "vllm", total: 1, ready: 1 });
    const [port] = status.forwardedPorts.vllm ?? [];
    expect(port).toMatchObject({ proto: "TCP", port: 8000 });
    const url = `http://${port!.host}:${port!.externalPort}/v1/models`;
    expect((await fetch(url)).status).toBe(401);
    const models = await fetch(url, { headers: { authorization: `Bearer ${FIXED_API_KEY}` } });
    expect(models.status).toBe(200);
    expect(((await models.json()) as { data: { id: string }[] }).data[0]!.id).toBe("Qwen/Qwen3-8B");
  });

  it("streams logs and Kubernetes events, to their end or until aborted while following", async () => {
    const { client: provider, order, dseq, lease } = await setup();
    await provider.sendManifest(dseq, order.manifestJson, { deadline: soon(60_000) });
    const status = await vi.waitFor(async () => {
      const current = await provider.leaseStatus(lease);
      expect(current.services.vllm?.available).toBe(1);
      return current;
    }, WAIT);

    const lines: LogLine[] = [];
    await provider.streamLogs(lease, { follow: false, onLine: (line) => lines.push(line) });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.service === "vllm")).toBe(true);
    expect(lines.map((line) => line.message).join("\n")).toContain("Application startup complete");
    const tail: LogLine[] = [];
    await provider.streamLogs(lease, { follow: false, tail: 2, service: "vllm", onLine: (line) => tail.push(line) });
    expect(tail.map((line) => line.message)).toEqual(lines.slice(-2).map((line) => line.message));

    const events: LeaseEvent[] = [];
    await provider.streamEvents(lease, { follow: false, onEvent: (event) => events.push(event) });
    expect(events.map((event) => event.reason)).toEqual(expect.arrayContaining(["Scheduled", "Pulling", "Pulled", "Created", "Started"]));
    expect(events.every((event) => event.service === "vllm" && event.object.kind === "Pod")).toBe(true);

    // Following: a request to the workload shows up as an access-log line; then the caller stops.
    const controller = new AbortController();
    const followed: string[] = [];
    const following = provider.streamLogs(lease, { follow: true, tail: 0, signal: controller.signal, onLine: (line) => followed.push(line.message) });
    const [port] = status.forwardedPorts.vllm!;
    await vi.waitFor(async () => {
      await fetch(`http://${port!.host}:${port!.externalPort}/health`);
      expect(followed.join("\n")).toContain("/health");
    }, WAIT);
    controller.abort();
    await expect(following).resolves.toBeUndefined();
  });

  it("retries uploads the provider answers with 500, counting attempts, until one is accepted", async () => {
    const { client: provider, order, dseq, faults } = await setup();
    faults.manifestErrors = 3;
    const attempts: { n: number; status?: number; error?: string; delayMs: number }[] = [];
    const sent = await provider.sendManifest(dseq, order.manifestJson, { deadline: soon(60_000), onAttempt: (attempt) => attempts.push(attempt) });
    expect(sent.attempts).toBe(4);
    expect(attempts.map((a) => [a.n, a.status])).toEqual([[1, 500], [2, 500], [3, 500]]);
    expect(attempts.every((a) => a.delayMs > 0 && a.delayMs <= 10_000 && a.error?.startsWith("HTTP 500"))).toBe(true);
    expect(sent.ms).toBeGreaterThanOrEqual(attempts.reduce((total, a) => total + a.delayMs, 0));
  });

  it("gives up at the deadline while every upload fails, saying the provider will close the lease", async () => {
    const { client: provider, order, dseq, faults, mnemonic } = await setup();
    faults.manifestAlways500 = true;
    const deadline = soon(4_000);
    const attempts: unknown[] = [];
    const error = await rejection(provider.sendManifest(dseq, order.manifestJson, { deadline, onAttempt: (attempt) => attempts.push(attempt) }));
    expect(error).toBeInstanceOf(ManifestDeadlineError);
    expect((error as ManifestDeadlineError).attempts).toBe(attempts.length + 1);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(error.message).toContain("closes a lease that got no manifest within 5 minutes");
    expect(error.message).toContain("HTTP 500");
    expect(Date.now()).toBeLessThan(deadline.getTime() + 10_000);
    expectNoSecrets(error, mnemonic.reveal());
  });

  it("does not retry a manifest the provider rejects (422: not the deployment's version), and quotes its reason", async () => {
    const { client: provider, order, dseq, mnemonic } = await setup();
    const tampered = order.manifestJson.replace('"count":1', '"count":2');
    expect(tampered).not.toBe(order.manifestJson);
    expect(tampered).toContain(FIXED_API_KEY);
    const attempts: unknown[] = [];
    const error = await rejection(provider.sendManifest(dseq, tampered, { deadline: soon(60_000), onAttempt: (attempt) => attempts.push(attempt) }));
    expect(error).toBeInstanceOf(ManifestRejectedError);
    expect((error as ManifestRejectedError).status).toBe(422);
    expect(error.message).toContain("manifest version validation failed");
    expect(attempts).toEqual([]);
    expectNoSecrets(error, mnemonic.reveal());
    // The genuine manifest still goes through afterwards.
    expect((await provider.sendManifest(dseq, order.manifestJson, { deadline: soon(60_000) })).attempts).toBe(1);
  });

  it("refuses a provider presenting a certificate that is not on chain (impostor fault), and nothing reaches it", async () => {
    const { client: provider, order, dseq, lease, providerName, mnemonic } = await setup();
    const admin = await fetch(`${devnet.admin}/faults/providers/${providerName}`, { method: "PUT", body: JSON.stringify({ impostorCertificate: true }) });
    expect(admin.status).toBe(200);
    expect(((await (await fetch(`${devnet.admin}/faults`)).json()) as { providers: Record<string, { impostorCertificate: boolean }> }).providers[providerName]?.impostorCertificate).toBe(true);
    const mismatch = await vi.waitFor(async () => {
      const error = await rejection(provider.leaseStatus(lease));
      expect(error).toBeInstanceOf(ProviderCertificateMismatchError);
      return error as ProviderCertificateMismatchError;
    }, WAIT);
    expect(mismatch.message).toContain("possible man-in-the-middle");
    expect(mismatch.expected).toHaveLength(1);
    expect(mismatch.presented).not.toBe(mismatch.expected[0]);
    expectNoSecrets(mismatch, mnemonic.reveal());

    const attempts: unknown[] = [];
    const upload = await rejection(provider.sendManifest(dseq, order.manifestJson, { deadline: soon(60_000), onAttempt: (attempt) => attempts.push(attempt) }));
    expect(upload).toBeInstanceOf(ProviderCertificateMismatchError);
    expect(attempts).toEqual([]);
    await expect(provider.streamLogs(lease, { follow: false, onLine: () => undefined })).rejects.toBeInstanceOf(ProviderCertificateMismatchError);

    // Back to the genuine certificate: the provider never got the manifest.
    await fetch(`${devnet.admin}/faults/providers/${providerName}`, { method: "PUT", body: JSON.stringify({ impostorCertificate: false }) });
    await vi.waitFor(() => expect(provider.leaseStatus(lease)).rejects.toBeInstanceOf(ProviderLeaseNotFoundError), WAIT);
  });

  it("never sends a provider's token to another provider, and reads unknown providers as such", async () => {
    const { provider, mnemonic } = await setup();
    const other = devnet.providers.find((p) => p.owner !== provider)!;
    const otherCertificates = await providerCertificates(client.sdk, other.owner);
    const ownCertificates = await providerCertificates(client.sdk, provider);
    const base = { provider, owner: devnet.address, mnemonic };
    // Another provider's certificates cannot be pinned for this provider…
    expect(() => new ProviderClient({ ...base, hostUri: other.hostUri, certificates: otherCertificates })).toThrow(ProviderNotVerifiableError);
    // …and another provider's gateway cannot pass for this one.
    const misdirected = new ProviderClient({ ...base, hostUri: other.hostUri, certificates: ownCertificates });
    await expect(misdirected.leaseStatus({ dseq: 1n, gseq: 1, oseq: 1 })).rejects.toBeInstanceOf(ProviderCertificateMismatchError);

    // The tenant's own address is no provider.
    await expect(ProviderClient.connect({ sdk: client.sdk, provider: devnet.address, owner: devnet.address, mnemonic })).rejects.toBeInstanceOf(ProviderNotFoundError);
  });

  it("reports a provider that is down as unreachable, and retries the manifest until it is back", async () => {
    const { client: provider, order, dseq, lease, faults, mnemonic } = await setup();
    faults.down = true;
    const error = await vi.waitFor(async () => {
      const failure = await rejection(provider.leaseStatus(lease));
      expect(failure).toBeInstanceOf(ProviderUnreachableError);
      return failure as ProviderUnreachableError;
    }, WAIT);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toContain(provider.hostUri);
    expectNoSecrets(error, mnemonic.reveal());

    const attempts: { error?: string }[] = [];
    const sent = await provider.sendManifest(dseq, order.manifestJson, {
      deadline: soon(60_000),
      onAttempt: (attempt) => {
        attempts.push(attempt);
        if (attempts.length === 2) faults.down = false;
      },
    });
    expect(attempts.slice(0, 2).map((a) => a.error)).toEqual(["ECONNREFUSED", "ECONNREFUSED"]);
    expect(sent.attempts).toBe(attempts.length + 1);
  });
});
