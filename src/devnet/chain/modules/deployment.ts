/**
 * deployment v1beta4: create (orders and the escrow account with it), update (new manifest hash), close.
 * Mainnet's rules since v2.0: price and deposit in uact only, deposit ≥ the min_deposits parameter,
 * dseq unique per owner, a 32-byte hash.
 */
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../../costs/decimal.js";
import { isAddress } from "../address.js";
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { deploymentErrors } from "../akash-errors.js";
import { sdkError } from "../errors.js";
import { seqKey } from "../kv-store.js";
import { closeAccount, createAccount, type EscrowHooks } from "./escrow.js";
import { createOrder } from "./market.js";

export type DeploymentState = "active" | "closed";
export type GroupState = "open" | "paused" | "insufficient_funds" | "closed";
export type DeploymentRecord = { owner: string; dseq: bigint; state: DeploymentState; hash: Uint8Array; createdAt: number; reclamationMinWindowSeconds?: bigint };
export type GroupRecord = { owner: string; dseq: bigint; gseq: number; state: GroupState; spec: Uint8Array; createdAt: number };


const deploymentKey = (owner: string, dseq: bigint) => `deployment/deployment/${owner}/${seqKey(dseq)}`;
const groupKey = (owner: string, dseq: bigint, gseq: number) => `deployment/group/${owner}/${seqKey(dseq)}/${seqKey(gseq)}`;

export const getDeployment = (ctx: ReadCtx, owner: string, dseq: bigint) => ctx.store.get<DeploymentRecord>(deploymentKey(owner, dseq));
export const allDeployments = (ctx: ReadCtx, owner?: string) => ctx.store.values<DeploymentRecord>(`deployment/deployment/${owner ? `${owner}/` : ""}`);
export const getGroup = (ctx: ReadCtx, owner: string, dseq: bigint, gseq: number) => ctx.store.get<GroupRecord>(groupKey(owner, dseq, gseq));
export const deploymentGroups = (ctx: ReadCtx, owner: string, dseq: bigint) => ctx.store.values<GroupRecord>(`deployment/group/${owner}/${seqKey(dseq)}/`);
export const setGroup = (ctx: Ctx, group: GroupRecord) => ctx.store.set(groupKey(group.owner, group.dseq, group.gseq), group);
export const setDeployment = (ctx: Ctx, deployment: DeploymentRecord) => ctx.store.set(deploymentKey(deployment.owner, deployment.dseq), deployment);

export type CreateDeployment = {
  owner: string;
  dseq: bigint;
  groups: GroupSpec[];
  hash: Uint8Array;
  deposit: { denom: string; amount: string };
  reclamationMinWindowSeconds?: bigint;
};

export function createDeployment(ctx: Ctx, hooks: EscrowHooks, msg: CreateDeployment): void {
  if (getDeployment(ctx, msg.owner, msg.dseq)) throw deploymentErrors.exists();
  const deposit = BigInt(msg.deposit.amount);
  const minimum = ctx.params.deployment.minDeposits.find((m) => m.denom === msg.deposit.denom);
  if (!minimum) throw deploymentErrors.invalidDeposit(`unsupported deposit denomination ${msg.deposit.denom}`);
  if (deposit < minimum.amount) throw deploymentErrors.invalidDeposit(`Deposit too low - ${deposit} < ${minimum.amount}${minimum.denom}`);
  // Mainnet v2: AKT goes into an existing escrow account only through MsgAccountDeposit.
  if (msg.deposit.denom === "uakt") throw deploymentErrors.invalidDeposit();
  const priceDenom = msg.groups[0]!.resources[0]!.price!.denom;
  if (priceDenom !== "uact") throw deploymentErrors.invalidPrice(`unsupported denomination ${priceDenom}`);

  const deployment: DeploymentRecord = { owner: msg.owner, dseq: msg.dseq, state: "active", hash: msg.hash, createdAt: ctx.height, ...(msg.reclamationMinWindowSeconds ? { reclamationMinWindowSeconds: msg.reclamationMinWindowSeconds } : {}) };
  setDeployment(ctx, deployment);
  msg.groups.forEach((spec, i) => {
    const group: GroupRecord = { owner: msg.owner, dseq: msg.dseq, gseq: i + 1, state: "open", spec: GroupSpec.encode(spec).finish(), createdAt: ctx.height };
    setGroup(ctx, group);
    createOrder(ctx, group);
  });
  emit(ctx, "akash.deployment.v1.EventDeploymentCreated", { owner: msg.owner, dseq: msg.dseq, hash: Buffer.from(msg.hash).toString("base64") });
  createAccount(ctx, "deployment", `${msg.owner}/${msg.dseq}`, msg.owner, msg.owner, deposit, msg.deposit.denom);
}

export function updateDeployment(ctx: Ctx, owner: string, dseq: bigint, hash: Uint8Array): void {
  const deployment = getDeployment(ctx, owner, dseq);
  if (!deployment) throw deploymentErrors.notFound();
  if (deployment.state !== "active") throw deploymentErrors.closed();
  if (hash.length !== 32) throw deploymentErrors.invalidHash(`hash must be 32 bytes, got ${hash.length}`);
  if (Buffer.from(hash).equals(Buffer.from(deployment.hash))) throw deploymentErrors.invalidHash("the new hash equals the current one");
  setDeployment(ctx, { ...deployment, hash });
  emit(ctx, "akash.deployment.v1.EventDeploymentUpdated", { owner, dseq, hash: Buffer.from(hash).toString("base64") });
}

export function closeDeployment(ctx: Ctx, hooks: EscrowHooks, owner: string, dseq: bigint): void {
  const deployment = getDeployment(ctx, owner, dseq);
  if (!deployment) throw deploymentErrors.notFound();
  if (deployment.state !== "active") throw deploymentErrors.closed();
  // Closing the escrow account settles, pays the providers and refunds the rest; its hook closes the deployment.
  closeAccount(ctx, hooks, "deployment", `${owner}/${dseq}`);
}

/** MsgCreateDeployment.ValidateBasic (chain-sdk go/node/deployment/v1beta4/msgs.go), with the group checks. */
export function validateCreateDeployment(msg: CreateDeployment): void {
  if (!isAddress(msg.owner)) throw sdkError.invalidAddress(`invalid owner address ${JSON.stringify(msg.owner)}`);
  if (msg.dseq === 0n) throw deploymentErrors.invalidDeploymentId("dseq must not be 0");
  if (msg.groups.length === 0) throw deploymentErrors.invalidGroups();
  if (msg.hash.length === 0) throw deploymentErrors.emptyHash();
  if (msg.hash.length !== 32) throw deploymentErrors.invalidHash();
  if (msg.groups.length > 20) throw deploymentErrors.invalidGroups("more than 20 groups");
  const names = new Set<string>();
  const denoms = new Set<string>();
  for (const group of msg.groups) {
    if (names.has(group.name)) throw deploymentErrors.duplicateGroupName(`duplicate deployment group name ${group.name}`);
    names.add(group.name);
    if (group.resources.length === 0 || group.resources.length > 20) throw deploymentErrors.invalidGroups(`group ${group.name}: 1 to 20 resource units`);
    for (const unit of group.resources) {
      if (!unit.price) throw deploymentErrors.invalidGroups(`group ${group.name}: a resource unit has no price`);
      if (unit.count < 1 || unit.count > 50) throw deploymentErrors.invalidGroups(`group ${group.name}: count must be 1 to 50`);
      if (Dec.parse(unit.price.amount).cmp(10_000_000) > 0) throw deploymentErrors.invalidGroups(`group ${group.name}: price above 10000000 per block`);
      const gpus = Number(new TextDecoder().decode(unit.resource?.gpu?.units?.val ?? new Uint8Array()) || 0);
      if (gpus > 24) throw deploymentErrors.invalidGroups(`group ${group.name}: more than 24 GPUs per unit`);
      denoms.add(unit.price.denom);
    }
  }
  if (denoms.size > 1) throw deploymentErrors.invalidPrice(`inconsistent group denomination: ${[...denoms].join(" != ")}`);
  const priceDenom = [...denoms][0];
  if (BigInt(msg.deposit.amount || "0") !== 0n && priceDenom !== msg.deposit.denom) throw deploymentErrors.invalidDeposit(`Mismatched denominations (${msg.deposit.denom} != ${priceDenom})`);
}
