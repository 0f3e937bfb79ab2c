/**
 * The devnet's genesis: a deterministic test mnemonic (printed at start, never used on a real network), its
 * first account funded with AKT and ACT, one validator with a delegation from the test account (so staking
 * yield has real numbers), and the provider accounts, funded for bid deposits.
 */
import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve, sha256, stringToPath } from "@cosmjs/crypto";
import { addressOfPubKey, MODULES, toValoper } from "./address.js";
import type { Ctx } from "./context.js";
import { ensureAccount, mintCoins } from "./modules/bank.js";
import { delegate, setValidator } from "./modules/staking.js";

/** Deterministic: BIP-39 words of sha256("akash-gpu devnet test mnemonic"). Public on purpose. */
export const DEVNET_MNEMONIC = Bip39.encode(sha256(new TextEncoder().encode("akash-gpu devnet test mnemonic"))).toString();

export type DevnetKey = { address: string; privateKey: Uint8Array; publicKey: Uint8Array };

/** Keys of the test mnemonic at m/44'/118'/0'/0/index (index 0 is the user's wallet). */
export async function devnetKeys(count: number, mnemonic = DEVNET_MNEMONIC): Promise<DevnetKey[]> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const keys: DevnetKey[] = [];
  for (let index = 0; index < count; index++) {
    const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(`m/44'/118'/0'/0/${index}`));
    const { pubkey } = await Secp256k1.makeKeypair(privkey);
    const publicKey = Secp256k1.compressPubkey(pubkey);
    keys.push({ address: addressOfPubKey(publicKey), privateKey: privkey, publicKey });
  }
  return keys;
}

export type GenesisAccounts = { user: string; validator: string; providers: string[] };

export const GENESIS_FUNDS = {
  userUakt: 1_000_000_000_000n, // 1,000,000 AKT
  userUact: 1_000_000_000n, // 1,000 ACT
  userDelegation: 100_000_000_000n, // 100,000 AKT staked with the validator
  validatorUakt: 2_000_000_000_000n,
  validatorSelfBond: 1_000_000_000_000n,
  providerUakt: 100_000_000_000n,
  providerUact: 1_000_000_000n,
} as const;

export function applyGenesis(ctx: Ctx, accounts: GenesisAccounts): void {
  for (const module of Object.values(MODULES)) ensureAccount(ctx.store, module, module);
  mintCoins(ctx, accounts.user, "uakt", GENESIS_FUNDS.userUakt);
  mintCoins(ctx, accounts.user, "uact", GENESIS_FUNDS.userUact);
  mintCoins(ctx, accounts.validator, "uakt", GENESIS_FUNDS.validatorUakt);
  for (const provider of accounts.providers) {
    mintCoins(ctx, provider, "uakt", GENESIS_FUNDS.providerUakt);
    mintCoins(ctx, provider, "uact", GENESIS_FUNDS.providerUact);
  }
  const operator = toValoper(accounts.validator);
  setValidator(ctx, { operator, moniker: "devnet-validator", tokens: 0n, commission: ctx.params.distribution.validatorCommission, accumulatedCommission: "0" });
  delegate(ctx, accounts.validator, operator, GENESIS_FUNDS.validatorSelfBond);
  delegate(ctx, accounts.user, operator, GENESIS_FUNDS.userDelegation);
}
