/**
 * The legacy mTLS path against the devnet: the client certificate is created, stored 0600 and published on chain
 * by ensureClientCertificate, and the provider accepts it (and stops accepting it once revoked).
 */
import { X509Certificate } from "node:crypto";
import { statSync } from "node:fs";
import { dirname } from "node:path";
import { MsgCreateCertificate } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { DirectSecp256k1HdWallet, Registry, type EncodeObject, type GeneratedType } from "@cosmjs/proto-signing";
import { defaultRegistryTypes, GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { clientCertificatePath, CREATE_CERTIFICATE_TYPE_URL, generateClientCertificate, loadClientCertificate, saveClientCertificate } from "../../src/provider/client-certificate.js";
import { ProviderUnreachableError } from "../../src/provider/errors.js";
import { clientCertificateCredentials, ensureClientCertificate, type CertificateTx } from "../../src/provider/mtls.js";
import { ProviderClient } from "../../src/provider/provider-client.js";
import { chainSdk } from "../devnet/clients.js";
import { tempDir } from "../temp-dir.js";
import { leaseOnDevnet, rejection, type Client } from "./devnet-lease.js";

const BLOCK_MS = 200;
let devnet: Devnet;
let client: Client;
/** Every transaction the code under test broadcast. */
const broadcasts: EncodeObject[][] = [];
let tx: CertificateTx;
let signer: SigningStargateClient;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, workloadLoadDelayMs: 200 });
  client = chainSdk(devnet, devnet.mnemonic);
  // Any signer will do; this one is plain cosmjs with the one Akash message type it needs registered.
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(devnet.mnemonic, { prefix: "akash" });
  const registry = new Registry([...defaultRegistryTypes, [CREATE_CERTIFICATE_TYPE_URL, MsgCreateCertificate as GeneratedType]]);
  signer = await SigningStargateClient.connectWithSigner(devnet.rpc, wallet, { registry, gasPrice: GasPrice.fromString("0.025uakt"), broadcastPollIntervalMs: 100 });
  tx = {
    address: devnet.address,
    signAndBroadcast: (messages) => {
      broadcasts.push(messages);
      return signer.signAndBroadcast(devnet.address, messages, "auto");
    },
  };
});

afterAll(async () => {
  signer?.disconnect();
  await client?.signer.disconnect();
  await devnet?.stop();
});

const onChain = async (serial: string) =>
  (await client.sdk.akash.cert.v1.getCertificates({ filter: { owner: devnet.address, serial, state: "" } })).certificates[0]?.certificate;

describe("client certificates for mTLS", () => {
  it("creates the certificate once (file 0600, published on chain) and reuses it while it is valid there", async () => {
    const stateDir = tempDir("mtls");
    broadcasts.length = 0;
    const first = await ensureClientCertificate({ sdk: client.sdk, tx, stateDir, owner: devnet.address });
    expect(broadcasts.map((messages) => messages.map((m) => m.typeUrl))).toEqual([["/akash.cert.v1.MsgCreateCertificate"]]);
    const x509 = new X509Certificate(first.certPem);
    expect(x509.subject).toBe(`CN=${devnet.address}`);
    expect(x509.issuer).toBe(`CN=${devnet.address}`);
    expect(x509.keyUsage).toContain("1.3.6.1.5.5.7.3.2"); // clientAuth
    expect(first.keyPem).toContain("-----BEGIN PRIVATE KEY-----");
    expect((await onChain(first.serial))?.state).toBe(1);

    const path = clientCertificatePath(stateDir, devnet.address);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(loadClientCertificate(path, devnet.address)?.serial).toBe(first.serial);

    const again = await ensureClientCertificate({ sdk: client.sdk, tx, stateDir, owner: devnet.address });
    expect(again.serial).toBe(first.serial);
    expect(broadcasts).toHaveLength(1);
  });

  it("publishes a stored certificate that never made it on chain, without making a new one", async () => {
    const stateDir = tempDir("mtls");
    const stored = await generateClientCertificate(devnet.address);
    saveClientCertificate(clientCertificatePath(stateDir, devnet.address), stored);
    expect(await onChain(stored.serial)).toBeUndefined();
    const ensured = await ensureClientCertificate({ sdk: client.sdk, tx, stateDir, owner: devnet.address });
    expect(ensured.serial).toBe(stored.serial);
    expect((await onChain(stored.serial))?.state).toBe(1);
  });

  it("refuses a signer that is not the owner", async () => {
    const other = { ...tx, address: devnet.providers[0]!.owner };
    await expect(ensureClientCertificate({ sdk: client.sdk, tx: other, stateDir: tempDir("mtls"), owner: devnet.address })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('sends the manifest and reads the lease status with auth "mtls"; a revoked certificate is refused and replaced', async () => {
    const stateDir = tempDir("mtls");
    const leased = await leaseOnDevnet(devnet, client, BLOCK_MS);
    const mtlsCredentials = clientCertificateCredentials({ sdk: client.sdk, tx, stateDir, owner: devnet.address });
    const provider = await ProviderClient.connect({ sdk: client.sdk, provider: leased.provider, owner: devnet.address, mnemonic: leased.mnemonic, auth: "mtls", mtlsCredentials, timeoutMs: 10_000 });
    expect((await provider.sendManifest(leased.dseq, leased.order.manifestJson, { deadline: new Date(Date.now() + 60_000) })).attempts).toBe(1);
    expect((await provider.leaseStatus(leased.lease)).services.vllm?.total).toBe(1);

    // Revoked on chain: the provider drops the connection in the handshake, so the client cannot get through.
    const { serial } = await mtlsCredentials().then((identity) => ({ serial: new X509Certificate(identity.certPem).serialNumber }));
    await client.sdk.akash.cert.v1.revokeCertificate({ id: { owner: devnet.address, serial: BigInt(`0x${serial}`).toString() } });
    const refused = await rejection(provider.leaseStatus(leased.lease));
    expect(refused).toBeInstanceOf(ProviderUnreachableError);
    expect(refused.message).toContain("refuses the client certificate");

    // The next run (a fresh client) sees the revocation and publishes a new certificate; the provider takes it.
    const replaced = await ensureClientCertificate({ sdk: client.sdk, tx, stateDir, owner: devnet.address });
    expect(replaced.serial).not.toBe(BigInt(`0x${serial}`).toString());
    const fresh = await ProviderClient.connect({ sdk: client.sdk, provider: leased.provider, owner: devnet.address, mnemonic: leased.mnemonic, auth: "mtls", stateDir, tx, timeoutMs: 10_000 });
    expect((await fresh.leaseStatus(leased.lease)).services.vllm?.total).toBe(1);
  });
});
