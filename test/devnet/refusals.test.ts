/**
 * The devnet refuses what mainnet refuses, with mainnet's codes and texts, seen only through the product's
 * clients: chain-sdk (queries and txs), cosmjs (raw broadcasts, heights, balances) and HTTPS to the providers.
 */
import { fromBase64 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet, makeSignDoc } from "@cosmjs/proto-signing";
import { SigningStargateClient, type SignerData } from "@cosmjs/stargate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { registry } from "./chain-helpers.js";
import { chainSdk, jwtFor, providerRequest } from "./clients.js";
import { cheapest, deploymentMsg, encodeTx, FEE, jwtWithClaims, nextDseq, openBids, refusal, renderOrder, waitFor, waitForHeight, type Client, type Order } from "./devnet-harness.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: Client;
/** cosmjs, signing with the test wallet: for transactions the SDK would not build (wrong chain id, sequence, signature). */
let stargate: SigningStargateClient;
let order: Order;
let stranger: { wallet: DirectSecp256k1HdWallet; address: string };

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, workloadLoadDelayMs: 100 });
  client = chainSdk(devnet, devnet.mnemonic);
  stargate = await SigningStargateClient.connectWithSigner(devnet.rpc, await DirectSecp256k1HdWallet.fromMnemonic(devnet.mnemonic, { prefix: "akash" }), { registry });
  order = await renderOrder(BLOCK_MS);
  const wallet = await DirectSecp256k1HdWallet.generate(12, { prefix: "akash" });
  stranger = { wallet, address: (await wallet.getAccounts())[0]!.address };
});

afterAll(async () => {
  stargate?.disconnect();
  await client?.signer.disconnect();
  await devnet?.stop();
});

const owner = () => devnet.address;
const signerData = async (): Promise<SignerData> => ({ ...(await stargate.getSequence(owner())), chainId: devnet.chainId });
const send = (to: string, denom: string, amount: string) => ({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: owner(), toAddress: to, amount: [{ denom, amount }] } });
const uakt = async (address: string) => BigInt((await stargate.getBalance(address, "uakt")).amount);
const uact = async (address: string) => BigInt((await stargate.getBalance(address, "uact")).amount);

describe("transactions the node accepts", () => {
  it("commits a bank send and a deployment in the block after the one they were accepted in", async () => {
    const data = await signerData();
    const dseq = nextDseq();
    const txs = [
      await stargate.sign(owner(), [send(stranger.address, "uakt", "1000000")], FEE, "", data),
      await stargate.sign(owner(), [{ typeUrl: "/akash.deployment.v1beta4.MsgCreateDeployment", value: deploymentMsg(owner(), dseq, order) }], FEE, "", { ...data, sequence: data.sequence + 1 }),
    ];
    const before = await stargate.getHeight();
    const hashes = [];
    for (const tx of txs) hashes.push(await stargate.broadcastTxSync(encodeTx(tx))); // CheckTx accepts the second sequence too
    const accepted = await stargate.getHeight();
    const committed = await Promise.all(hashes.map((hash) => waitFor(`tx ${hash}`, async () => (await stargate.getTx(hash)) ?? undefined)));
    for (const tx of committed) {
      expect(tx.code).toBe(0);
      expect(tx.height).toBeGreaterThan(before);
      expect(tx.height).toBeLessThanOrEqual(accepted + 1);
    }
    expect(await uakt(stranger.address)).toBe(1_000_000n);
    const { deployment } = await client.sdk.akash.deployment.v1beta4.getDeployment({ id: { owner: owner(), dseq } });
    expect(Number(deployment!.createdAt.toString())).toBe(committed[1]!.height);
    expect((await stargate.getSequence(owner())).sequence).toBe(data.sequence + 2);
  });
});

describe("the ante handler's refusals (CheckTx: nothing charged, sequence unchanged)", () => {
  const chainIdText = () => `chain-id (${devnet.chainId})`;

  it("refuses a signature that does not verify: by another key, or with corrupted bytes (code 4)", async () => {
    const data = await signerData();
    const balance = await uakt(owner());
    const raw = await stargate.sign(owner(), [send(stranger.address, "uakt", "1")], FEE, "", data);
    const signDoc = makeSignDoc(raw.bodyBytes, raw.authInfoBytes, data.chainId, data.accountNumber);
    const byStranger = fromBase64((await stranger.wallet.signDirect(stranger.address, signDoc)).signature.signature);
    const corrupted = Uint8Array.from(raw.signatures[0]!);
    corrupted[10] = corrupted[10]! ^ 0x01;
    for (const signature of [byStranger, corrupted]) {
      const refused = await refusal(stargate.broadcastTxSync(encodeTx({ ...raw, signatures: [signature] })));
      expect(refused).toEqual({
        phase: "CheckTx", code: 4, codespace: "sdk",
        log: `signature verification failed; please verify account number (${data.accountNumber}) and ${chainIdText()}: (unable to verify single signer signature): unauthorized`,
      });
    }
    expect(await uakt(owner())).toBe(balance);
    expect((await stargate.getSequence(owner())).sequence).toBe(data.sequence);
  });

  it("refuses a transaction signed for another chain id, naming the node's chain id (code 4)", async () => {
    const data = await signerData();
    const raw = await stargate.sign(owner(), [send(stranger.address, "uakt", "1")], FEE, "", { ...data, chainId: "akashnet-2" });
    const refused = await refusal(stargate.broadcastTxSync(encodeTx(raw)));
    expect(refused).toEqual({
      phase: "CheckTx", code: 4, codespace: "sdk",
      log: `signature verification failed; please verify account number (${data.accountNumber}) and ${chainIdText()}: (unable to verify single signer signature): unauthorized`,
    });
  });

  it("refuses another account's public key (code 8), and checks the fee before the sequence, as the ante handler orders them", async () => {
    const data = await signerData();
    const other = await SigningStargateClient.offline(stranger.wallet, { registry });
    const foreign = await other.sign(stranger.address, [send(stranger.address, "uakt", "1")], FEE, "", data);
    expect(await refusal(stargate.broadcastTxSync(encodeTx(foreign)))).toEqual({ phase: "CheckTx", code: 8, codespace: "sdk", log: `pubKey does not match signer address ${owner()} with signer index: 0: invalid pubkey` });
    const cheapAndLate = await stargate.sign(owner(), [send(stranger.address, "uakt", "1")], { amount: [{ denom: "uakt", amount: "10" }], gas: "400000" }, "", { ...data, sequence: data.sequence + 1 });
    expect(await refusal(stargate.broadcastTxSync(encodeTx(cheapAndLate)))).toMatchObject({ phase: "CheckTx", code: 13 });
  });

  it("refuses a sequence mismatch (code 32)", async () => {
    const data = await signerData();
    const raw = await stargate.sign(owner(), [send(stranger.address, "uakt", "1")], FEE, "", { ...data, sequence: data.sequence + 3 });
    expect(await refusal(stargate.broadcastTxSync(encodeTx(raw)))).toEqual({
      phase: "CheckTx", code: 32, codespace: "sdk", log: `account sequence mismatch, expected ${data.sequence}, got ${data.sequence + 3}: incorrect account sequence`,
    });
  });

  it("refuses a fee below the node's minimum gas price (code 13), through chain-sdk", async () => {
    const balance = await uakt(owner());
    const attempt = client.sdk.cosmos.bank.v1beta1.send({ fromAddress: owner(), toAddress: stranger.address, amount: [{ denom: "uakt", amount: "1" }] }, { fee: { amount: [{ denom: "uakt", amount: "10" }], gas: "400000" } });
    expect(await refusal(attempt)).toEqual({ phase: "CheckTx", code: 13, codespace: "sdk", log: "insufficient fees; got: 10uakt required: 1000uakt: insufficient fee" });
    expect(await uakt(owner())).toBe(balance);
  });
});

describe("the modules' refusals (DeliverTx: committed, the fee is kept)", () => {
  const create = (msg: ReturnType<typeof deploymentMsg>) => client.sdk.akash.deployment.v1beta4.createDeployment(msg, { fee: FEE });

  it("refuses uakt pricing: a uakt deposit is invalid (code 20), a uact deposit against uakt prices too", async () => {
    expect(await refusal(create(deploymentMsg(owner(), nextDseq(), order, { denom: "uakt", amount: "5000000" }, "uakt")))).toEqual({ phase: "DeliverTx", code: 20, log: "failed to execute message; message index: 0: Deposit invalid" });
    // ValidateBasic refuses the mixed case before the ante handler: nothing is charged.
    const balance = await uakt(owner());
    expect(await refusal(create(deploymentMsg(owner(), nextDseq(), order, { denom: "uact", amount: "5000000" }, "uakt")))).toEqual({ phase: "CheckTx", code: 20, codespace: "deployment", log: "Mismatched denominations (uact != uakt): Deposit invalid" });
    expect(await uakt(owner())).toBe(balance);
  });

  it("refuses a deposit below min_deposits (code 20) and keeps the fee", async () => {
    const balance = await uakt(owner());
    expect(await refusal(create(deploymentMsg(owner(), nextDseq(), order, { denom: "uact", amount: "499999" })))).toEqual({
      phase: "DeliverTx", code: 20, log: "failed to execute message; message index: 0: Deposit too low - 499999 < 500000uact: Deposit invalid",
    });
    expect(await uakt(owner())).toBe(balance - 25_000n);
  });

  it("refuses a duplicate dseq (code 3)", async () => {
    const msg = deploymentMsg(owner(), nextDseq(), order);
    await create(msg);
    expect(await refusal(create(msg))).toEqual({ phase: "DeliverTx", code: 3, log: "failed to execute message; message index: 0: Deployment exists" });
    await client.sdk.akash.deployment.v1beta4.closeDeployment({ id: msg.id });
  });

  it("refuses sending ACT between wallets: ACT is send-disabled", async () => {
    const mine = await uact(owner());
    const attempt = client.sdk.cosmos.bank.v1beta1.send({ fromAddress: owner(), toAddress: stranger.address, amount: [{ denom: "uact", amount: "1000" }] }, { fee: FEE });
    const refused = await refusal(attempt);
    expect(refused).toEqual({ phase: "DeliverTx", code: 5, log: "failed to execute message; message index: 0: uact transfers are currently disabled: send transactions are disabled" });
    expect(await uact(owner())).toBe(mine);
    expect(await uact(stranger.address)).toBe(0n);
  });
});

describe("market refusals and the provider's gateway", () => {
  it("refuses a lease on a lost bid (code 12); the provider refuses a JWT for another provider (401), an expired JWT (400) and a wrong manifest hash (422)", async () => {
    const { sdk } = client;
    const dseq = nextDseq();
    await sdk.akash.deployment.v1beta4.createDeployment(deploymentMsg(owner(), dseq, order));
    const bids = await openBids(sdk, owner(), dseq, 3);
    const best = cheapest(bids);
    await sdk.akash.market.v1beta5.createLease({ bidId: best.id! });
    const lost = bids.find((b) => b.id!.provider !== best.id!.provider)!;
    const { bid: lostNow } = await sdk.akash.market.v1beta5.getBid({ id: lost.id! });
    expect(lostNow!.state).toBe(3); // lost
    expect(await refusal(sdk.akash.market.v1beta5.createLease({ bidId: lost.id! }, { fee: FEE }))).toEqual({ phase: "DeliverTx", code: 12, log: "failed to execute message; message index: 0: bid not open" });

    const provider = best.id!.provider;
    const { provider: record } = await sdk.akash.provider.v1beta4.getProvider({ owner: provider });
    const { certificates } = await sdk.akash.cert.v1.getCertificates({ filter: { owner: provider, state: "valid", serial: "" } });
    const pinnedCertPem = new TextDecoder().decode(certificates[0]!.certificate!.cert);
    const put = async (token: string, body = order.manifestJson) => providerRequest(`${record!.hostUri}/deployment/${dseq}/manifest`, { method: "PUT", token, body, pinnedCertPem });

    const forOther = await put(await jwtFor(devnet.mnemonic, owner(), lost.id!.provider, ["send-manifest"]));
    expect({ status: forOther.status, body: JSON.parse(forOther.body) as unknown }).toEqual({ status: 401, body: { message: "unauthorized access" } });

    const now = Math.floor(Date.now() / 1000);
    const expiring = await jwtWithClaims(devnet.mnemonic, owner(), provider, { iat: now, nbf: now, exp: now + 2 });
    await waitFor("the JWT to expire", async () => (Date.now() >= (now + 2) * 1000 + 50 ? true : undefined), 5_000);
    const expired = await put(expiring);
    expect({ status: expired.status, body: JSON.parse(expired.body) as unknown }).toEqual({ status: 400, body: { message: "JWT has invalid claims" } });

    const token = await jwtFor(devnet.mnemonic, owner(), provider, ["send-manifest"]);
    const wrongHash = await put(token, order.manifestJson.replace('"count":1', '"count":2'));
    expect(wrongHash.status).toBe(422);
    expect(wrongHash.body).toContain("manifest version validation failed");
    expect((await put(token)).status).toBe(200); // the same token and the right manifest pass
    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
  });

  it("gets bids only from providers with a fitting GPU, and none for a region the fleet lacks", async () => {
    const { sdk } = client;
    const h200 = { dseq: nextDseq(), order: await renderOrder(BLOCK_MS, { gpus: ["h200"], maxUsdPerHour: "20" }) };
    const nowhere = { dseq: nextDseq(), order: await renderOrder(BLOCK_MS, { region: "antarctica" }) };
    for (const d of [h200, nowhere]) await sdk.akash.deployment.v1beta4.createDeployment(deploymentMsg(owner(), d.dseq, d.order));
    const created = await Promise.all([h200, nowhere].map(async (d) => Number((await sdk.akash.deployment.v1beta4.getDeployment({ id: { owner: owner(), dseq: d.dseq } })).deployment!.createdAt.toString())));
    const fitting = devnet.providers.filter((p) => p.gpus.some((g) => g.model === "h200")).map((p) => p.owner);
    expect(fitting.length).toBeGreaterThan(0);
    expect(fitting.length).toBeLessThan(devnet.providers.length);

    await waitForHeight(stargate, Math.max(...created) + 5); // bids land within two blocks; give them more
    const bidders = async (dseq: bigint) => (await sdk.akash.market.v1beta5.getBids({ filters: { owner: owner(), dseq } })).bids.map((b) => b.bid!.id!.provider);
    expect(new Set(await bidders(h200.dseq))).toEqual(new Set(fitting));
    expect(await bidders(nowhere.dseq)).toEqual([]);
    for (const d of [h200, nowhere]) await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq: d.dseq } });
  });
});
