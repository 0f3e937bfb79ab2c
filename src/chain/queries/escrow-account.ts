/**
 * A deployment's escrow account (akash.escrow.types.v1.Account) as the Deployment query embeds it. Escrow
 * settles lazily on chain, so every amount here is as of `settledAt`; what has accrued since is
 * price × (height − settledAt) per open lease.
 */
import type { Types_Account as Account } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { decCoinOf, ESCROW_STATES, heightOf, stateName, sumOf } from "./chain-values.js";
import type { EscrowAccount } from "../types.js";

export function toEscrowAccount(account: Account): EscrowAccount {
  const state = account.state!;
  // An account holds one denomination (the deployment's price denomination, uact on mainnet since v2.0).
  const denom = state.funds[0]?.denom ?? state.transferred[0]?.denom ?? state.deposits[0]?.balance?.denom ?? "uact";
  return {
    state: stateName("escrow account", ESCROW_STATES, state.state),
    funds: sumOf(state.funds, denom),
    transferred: sumOf(state.transferred, denom),
    settledAt: heightOf(state.settledAt),
    deposited: sumOf(state.deposits.flatMap((d) => (d.balance ? [d.balance] : [])), denom),
    deposits: state.deposits.map((d) => ({ owner: d.owner, height: heightOf(d.height), balance: decCoinOf(d.balance, denom) })),
  };
}
