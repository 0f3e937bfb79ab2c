/**
 * The devnet refuses with mainnet's registered errors: codespace, code and text as node v2.1 registers them
 * (chain-sdk v0.2.10 go/node/<module>/…/errors.go), and at the same stage (CheckTx for ValidateBasic, DeliverTx
 * for the keepers).
 */
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../src/costs/decimal.js";
import type { ChainAction, DevnetChain } from "../../src/devnet/chain/chain.js";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import type { DevnetKey } from "../../src/devnet/chain/genesis.js";
import { ChainError } from "../../src/devnet/chain/errors.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { closePayment, createPayment } from "../../src/devnet/chain/modules/escrow.js";
import { setAktPrice } from "../../src/devnet/chain/modules/oracle.js";
import { createProvider, getProvider, updateProvider } from "../../src/devnet/chain/modules/provider.js";
import { generateClientCertificate } from "../../src/provider/client-certificate.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { commit, signTx } from "./chain-helpers.js";
import { allBytes, fieldsOf, lastBytes } from "../../src/chain/queries/proto-fields.js";

const golden = readFileSync(new URL("../sdl/__golden__/vllm-h100-x1.yaml", import.meta.url), "utf8");

let chain: DevnetChain;
let user: DevnetKey;
let providers: DevnetKey[];

beforeEach(async () => {
  ({ chain, user, providers } = await createDevnetChain());
});

const send = async (messages: { typeUrl: string; value: unknown }[], key = user) => commit(chain, await signTx(chain, key, messages));
/** A devnet action (a provider's, an oracle feed's) run in a new block. */
async function run(action: ChainAction): Promise<void> {
  const done = chain.enqueue(action);
  chain.produceBlock();
  await done;
}
/** The ChainError a devnet action fails with. */
async function refusal(action: ChainAction): Promise<ChainError> {
  const error = await run(action).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ChainError)) throw new Error(`expected a ChainError, got ${String(error)}`);
  return error;
}

async function createDeployment(dseq: bigint, deposit = "5000000") {
  const analysis = await analyzeSdl(golden, { blockTimeMs: 1000, actUsd: Dec.parse("1") });
  if (!analysis.valid) throw new Error(JSON.stringify(analysis.errors));
  const message = {
    typeUrl: "/akash.deployment.v1beta4.MsgCreateDeployment",
    value: { id: { owner: user.address, dseq }, groups: analysis.groupSpecs.map((g) => GroupSpec.fromPartial(g)), hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: { denom: "uact", amount: deposit }, sources: [1] } },
  };
  return send([message]);
}

const depositMsg = (xid: string, amount: { denom: string; amount: string }, sources = [1], scope = 1) => ({
  typeUrl: "/akash.escrow.v1.MsgAccountDeposit",
  value: { signer: user.address, id: { scope, xid }, deposit: { amount, sources } },
});
const uact = (amount: string) => ({ denom: "uact", amount });

describe("escrow", () => {
  it("MsgAccountDeposit: account not found (3), account closed (2), invalid denomination (5)", async () => {
    expect((await send([depositMsg(`${user.address}/77`, uact("1000000"))])).result).toMatchObject({
      code: 3, codespace: "escrow", log: "failed to execute message; message index: 0: account not found",
    });
    expect((await createDeployment(78n)).result?.code).toBe(0);
    expect((await send([depositMsg(`${user.address}/78`, { denom: "uakt", amount: "1000000" })])).result).toMatchObject({ code: 5, codespace: "escrow", log: expect.stringMatching(/: invalid denomination$/) });
    expect((await send([{ typeUrl: "/akash.deployment.v1beta4.MsgCloseDeployment", value: { id: { owner: user.address, dseq: 78n } } }])).result?.code).toBe(0);
    expect((await send([depositMsg(`${user.address}/78`, uact("1000000"))])).result).toMatchObject({
      code: 2, codespace: "escrow", log: "failed to execute message; message index: 0: account closed",
    });
  });

  it("a deposit the balance cannot cover: market's deposit invalid (28), before the account is even looked up", async () => {
    const more = (balance(chain.store, user.address, "uact") + 1n).toString();
    expect((await send([depositMsg(`${user.address}/79`, uact(more))])).result).toMatchObject({
      code: 28, codespace: "market", log: "failed to execute message; message index: 0: deposit invalid: insufficient balance",
    });
    // The same for a deployment's first deposit.
    expect((await createDeployment(80n, more)).result).toMatchObject({ code: 28, codespace: "market", log: expect.stringContaining("deposit invalid: insufficient balance") });
  });

  it("ValidateBasic in CheckTx: the id's xid has no scope in it (12), a zero deposit (16), deposit sources (akash 4)", async () => {
    const check = async (message: ReturnType<typeof depositMsg>) => chain.checkTx(await signTx(chain, user, [message]));
    expect(await check(depositMsg(`deployment/${user.address}/1`, uact("1")))).toMatchObject({ code: 12, codespace: "escrow", log: "invalid xid format: invalid ID" });
    expect(await check(depositMsg(`${user.address}/x`, uact("1")))).toMatchObject({ code: 12, codespace: "escrow", log: expect.stringMatching(/^invalid xid\/dseq: .*: invalid ID$/) });
    expect(await check(depositMsg(`${user.address}/1`, uact("1"), [1], 7))).toMatchObject({ code: 12, log: "invalid scope: invalid ID" });
    expect(await check(depositMsg(`${user.address}/1`, uact("0")))).toMatchObject({ code: 16, codespace: "escrow", log: "invalid deposit" });
    expect(await check(depositMsg(`${user.address}/1`, uact("1"), []))).toMatchObject({ code: 4, codespace: "akash", log: "empty deposit sources: invalid deposit source" });
    expect(await check(depositMsg(`${user.address}/1`, uact("1"), [1, 1]))).toMatchObject({ code: 4, codespace: "akash", log: "duplicate deposit source type 1: invalid deposit source" });
  });

  it("payments: exists (6), closed (7), not found (8), rate zero (9)", async () => {
    expect((await createDeployment(81n)).result?.code).toBe(0);
    const xid = `${user.address}/81`;
    const lease = "1/1/" + providers[0]!.address;
    const pay = (rate: string): ChainAction => (ctx) => createPayment(ctx, chain.hooks, "deployment", xid, lease, providers[0]!.address, Dec.parse(rate));
    expect(await refusal(pay("0"))).toMatchObject({ codespace: "escrow", code: 9, message: "payment rate zero" });
    await run(pay("10"));
    expect(await refusal(pay("10"))).toMatchObject({ codespace: "escrow", code: 6, message: "payment exists" });
    await run((ctx) => closePayment(ctx, chain.hooks, "deployment", xid, lease));
    expect(await refusal((ctx) => closePayment(ctx, chain.hooks, "deployment", xid, lease))).toMatchObject({ codespace: "escrow", code: 7, message: "payment closed" });
    expect(await refusal((ctx) => closePayment(ctx, chain.hooks, "deployment", xid, "1/2/" + providers[0]!.address))).toMatchObject({ codespace: "escrow", code: 8, message: "payment not found" });
  });
});

describe("cert", () => {
  const create = (certPem: string, pubkeyPem: string) => ({
    typeUrl: "/akash.cert.v1.MsgCreateCertificate",
    value: { owner: user.address, cert: Buffer.from(certPem), pubkey: Buffer.from(pubkeyPem) },
  });
  const revoke = (serial: string) => ({ typeUrl: "/akash.cert.v1.MsgRevokeCertificate", value: { id: { owner: user.address, serial } } });

  it("exists (3), not found (1), already revoked (4), invalid serial number (5)", async () => {
    const certificate = await generateClientCertificate(user.address);
    expect((await send([create(certificate.certPem, certificate.publicKeyPem)])).result?.code).toBe(0);
    expect((await send([create(certificate.certPem, certificate.publicKeyPem)])).result).toMatchObject({
      code: 3, codespace: "cert", log: "failed to execute message; message index: 0: certificate exists",
    });
    expect((await send([revoke("12345")])).result).toMatchObject({ code: 1, codespace: "cert", log: "failed to execute message; message index: 0: certificate not found" });
    expect((await send([revoke(certificate.serial)])).result?.code).toBe(0);
    expect((await send([revoke(certificate.serial)])).result).toMatchObject({ code: 4, codespace: "cert", log: "failed to execute message; message index: 0: certificate already revoked" });
    expect(chain.checkTx(await signTx(chain, user, [revoke("0x1f")]))).toMatchObject({ code: 5, codespace: "cert", log: "invalid serial number" });
  });

  it("ParseAndValidateCertificate in CheckTx: invalid pubkey value (7), invalid certificate value (6)", async () => {
    const mine = await generateClientCertificate(user.address);
    const theirs = await generateClientCertificate(providers[0]!.address);
    const check = async (certPem: string, pubkeyPem: string) => chain.checkTx(await signTx(chain, user, [create(certPem, pubkeyPem)]));
    expect(await check(mine.certPem, "not a key")).toMatchObject({ code: 7, codespace: "cert", log: "invalid pubkey value" });
    expect(await check(mine.certPem, mine.publicKeyPem + mine.publicKeyPem)).toMatchObject({ code: 7, log: "invalid pubkey value" });
    expect(await check(mine.certPem, mine.publicKeyPem.replaceAll("EC PUBLIC KEY", "PUBLIC KEY"))).toMatchObject({ code: 7, log: "invalid pubkey value: invalid pem block type" });
    expect(await check(mine.certPem, theirs.publicKeyPem)).toMatchObject({ code: 6, codespace: "cert", log: "invalid certificate value: invalid certificate signature" });
    expect(await check(theirs.certPem, theirs.publicKeyPem)).toMatchObject({ code: 6, log: "invalid certificate value: CommonName does not match owner" });
  });
});

describe("provider", () => {
  it("exists (4) and not found (3), with the owner as the node wraps it", async () => {
    const owner = providers[0]!.address;
    const record = getProvider(chain, owner) ?? { owner, hostUri: "https://127.0.0.1:8443", attributes: [], info: { email: "", website: "" } };
    if (!getProvider(chain, owner)) await run((ctx) => createProvider(ctx, record));
    expect(await refusal((ctx) => createProvider(ctx, record))).toMatchObject({ codespace: "provider", code: 4, message: `id: ${owner}: invalid provider: already exists` });
    expect(await refusal((ctx) => updateProvider(ctx, { ...record, owner: user.address }))).toMatchObject({ codespace: "provider", code: 3, message: `id: ${user.address}: invalid provider: address not found` });
  });
});

describe("bme", () => {
  const mint = (amount: string, denom = "uakt", to = user.address) => ({ typeUrl: "/akash.bme.v1.MsgMintACT", value: { owner: user.address, to, coinsToBurn: { denom, amount } } });

  it("serves v2.1's params: min_mint (field 9) and max_pending_attempts (10) next to what chain-sdk alpha.25 decodes", () => {
    const answer = chain.query("/akash.bme.v1.Query/Params", akashV1.QueryParamsRequest.encode({}).finish());
    expect(akashV1.QueryParamsResponse.decode(answer.value).params).toMatchObject({ mintSpreadBps: 25, circuitBreakerWarnThreshold: 9500, circuitBreakerHaltThreshold: 9000 });
    const params = fieldsOf(lastBytes(fieldsOf(answer.value), 1)!);
    const minMint = fieldsOf(lastBytes(params, 9)!);
    expect([allBytes(minMint, 1)[0], allBytes(minMint, 2)[0]].map((b) => Buffer.from(b!).toString())).toEqual(["uact", chain.params.bme.minMintUact.toString()]);
    expect(params.filter((f) => f.number === 10).map((f) => f.varint)).toEqual([3n]);
  });

  it("refuses what MsgMintACT's ValidateBasic refuses, in CheckTx: another recipient (3), nothing to burn (8)", async () => {
    expect(chain.checkTx(await signTx(chain, user, [mint("1000000", "uakt", providers[0]!.address)]))).toMatchObject({ code: 3, codespace: "bme", log: "owner and to addresses must match: unauthorized" });
    expect(chain.checkTx(await signTx(chain, user, [mint("0")]))).toMatchObject({ code: 8, codespace: "bme", log: "amount must not be 0: invalid amount" });
  });

  it("burning anything but AKT: invalid denomination (9), the swap route refused", async () => {
    expect((await send([mint("1000000", "uact")])).result).toMatchObject({
      code: 9, codespace: "bme", log: "failed to execute message; message index: 0: invalid swap route uact -> uact: invalid denomination",
    });
  });

  it("below min_mint the request is taken, then cancelled at the epoch and the AKT refunded", async () => {
    const before = balance(chain.store, user.address, "uakt");
    const beforeAct = balance(chain.store, user.address, "uact");
    const { result } = await send([mint("100000")]); // 0.1 AKT × $1.25 = 0.125 ACT < 1 ACT
    expect(result?.code).toBe(0);
    expect(balance(chain.store, user.address, "uakt")).toBe(before - 25_000n - 100_000n);
    const events = [];
    for (let i = 0; i < chain.params.bme.epochBlocks; i++) events.push(...chain.produceBlock().events);
    const canceled = events.find((e) => e.type === "akash.bme.v1.EventLedgerRecordCanceled");
    expect(Object.fromEntries(canceled!.attributes.map((a) => [a.key, a.value]))).toMatchObject({ cancel_reason: "minimum_mint", owner: user.address, coins_to_burn: "100000uakt" });
    expect(balance(chain.store, user.address, "uakt")).toBe(before - 25_000n);
    expect(balance(chain.store, user.address, "uact")).toBe(beforeAct);
  });

  it("a stalled oracle price: refused when asked (oracle.v2 4), retried then cancelled with a refund when it stalls before the mint", async () => {
    await run((ctx) => setAktPrice(ctx, { usd: "1.25", healthy: false }));
    expect((await send([mint("10000000")])).result).toMatchObject({ code: 4, codespace: "oracle.v2", log: "failed to execute message; message index: 0: price stalled" });

    await run((ctx) => setAktPrice(ctx, { usd: "1.25", healthy: true }));
    const before = balance(chain.store, user.address, "uakt");
    expect((await send([mint("10000000")])).result?.code).toBe(0);
    await run((ctx) => setAktPrice(ctx, { usd: "1.25", healthy: false }));
    const events = [];
    for (let i = 0; i < chain.params.bme.epochBlocks + chain.params.bme.maxPendingAttempts; i++) events.push(...chain.produceBlock().events);
    const canceled = events.find((e) => e.type === "akash.bme.v1.EventLedgerRecordCanceled");
    expect(canceled?.attributes.find((a) => a.key === "cancel_reason")?.value).toBe("max_attempts");
    expect(balance(chain.store, user.address, "uakt")).toBe(before - 25_000n);
  });
});

describe("staking and distribution", () => {
  it("no delegation (staking 19), bad amounts (sdk 18)", async () => {
    const validator = chain.store.values<{ operator: string }>("staking/validator/")[0]!.operator;
    const undelegate = (amount: string, delegator = providers[1]!) => ({
      typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate", value: { delegatorAddress: delegator.address, validatorAddress: validator, amount: { denom: "uakt", amount } },
    });
    expect((await send([undelegate("1")], providers[1]!)).result).toMatchObject({ code: 19, codespace: "staking", log: "failed to execute message; message index: 0: no delegation for (address, validator) tuple" });
    expect((await send([undelegate("0", user)])).result).toMatchObject({ code: 18, codespace: "sdk", log: "failed to execute message; message index: 0: invalid shares amount: invalid request" });
    expect((await send([undelegate("999999999999999", user)])).result).toMatchObject({ code: 18, log: expect.stringContaining("invalid shares amount: invalid request") });
  });
});
