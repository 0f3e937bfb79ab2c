/**
 * What the chain's errors mean and what to do about them, keyed by codespace and code as mainnet registers
 * them (cosmos-sdk types/errors for "sdk"; chain-sdk go/node/<module>/.../errors.go for Akash's modules).
 *
 * A node's log always carries the registered description ("<detail>: <description>"), so each entry also
 * has a pattern for it: the code is trusted when the text agrees, and the text alone identifies an error
 * when a node numbers its codes differently (another node version, or the embedded devnet) — or when the
 * codespace is lost, as in a failed simulation over ABCI (see WRAPPED_SIMULATION).
 */
export type ErrorContext = { rawLog: string; address?: string };

export type Explanation = {
  code: number;
  pattern: RegExp;
  /** One line: what happened, in plain words. */
  explain: string;
  /** What to do next; may read the log for specifics (which denomination, which height). */
  next: string | ((context: ErrorContext) => string);
};

const entry = (code: number, pattern: RegExp, explain: string, next: Explanation["next"]): Explanation => ({ code, pattern, explain, next });

const MINT_ACT = "mint ACT by burning AKT: `akash-gpu wallet mint-act --amount <ACT>` (ACT cannot be sent between wallets)";

/** Which coin ran out: fees are always uakt; otherwise the last coin the log names ("… is smaller than 5000000uact"). */
function missingDenom(log: string): string | undefined {
  if (/fee/i.test(log)) return "uakt";
  const coins = [...log.matchAll(/\d+(u[a-z]+|ibc\/[0-9A-F]+)\b/g)];
  return coins.at(-1)?.[1];
}

function insufficientFundsNext({ rawLog, address }: ErrorContext): string {
  const denom = missingDenom(rawLog);
  const wallet = address ? ` to ${address}` : "";
  if (denom === "uact") return `The wallet lacks ACT (uact), which deployments are priced and deposited in: ${MINT_ACT}.`;
  if (denom === "uakt") return `The wallet lacks AKT (uakt), which pays gas and is burnt to mint ACT: send AKT${wallet}, then run again.`;
  return `Add funds${wallet}${denom ? ` in ${denom}` : ""}, then run again (gas is paid in AKT; deployments in ACT: ${MINT_ACT}).`;
}

/**
 * The node's escrow keeper (AuthorizeDeposits) refuses a deposit the balance cannot cover with market's
 * "deposit invalid: insufficient balance" — not bank's insufficient funds — for deployments and top-ups alike.
 */
function depositInvalidNext({ rawLog }: ErrorContext): string {
  if (/insufficient balance/i.test(rawLog)) return `The wallet's balance does not cover the deposit; deployments are deposited in ACT (uact): ${MINT_ACT}.`;
  return "Check the amount and denomination.";
}

export const CATALOG: Record<string, Explanation[]> = {
  sdk: [
    entry(2, /tx parse error/i, "The node could not decode the transaction", "The node may run a different Akash version: check that --rpc (AKASH_RPC) points at a node of the network you mean."),
    entry(3, /invalid sequence/i, "The account sequence is invalid", "Run again: akash-gpu re-reads the sequence from the chain."),
    entry(4, /unauthorized/i, "The signature was refused", "Check --chain-id (AKASH_CHAIN_ID) and that the wallet (AKASH_MNEMONIC / --mnemonic-file) is the owner of what you act on."),
    entry(5, /insufficient funds/i, "The wallet does not hold enough funds", insufficientFundsNext),
    entry(6, /unknown request|unable to resolve type URL/i, "The node does not know this message or query", "The node may run an older Akash version than mainnet's v2.x: point --rpc (AKASH_RPC) at an up-to-date node."),
    entry(7, /invalid address/i, "An address in the transaction is not a valid akash1… address", "Check the addresses you passed (owner, provider)."),
    entry(8, /invalid pubkey/i, "The public key does not match the signer", "Check that the wallet (AKASH_MNEMONIC / --mnemonic-file) owns what you act on."),
    entry(9, /unknown address|account .* not found/i, "The wallet has no account on this chain yet", ({ address }) => `An account exists once it has received funds: send AKT to ${address ?? "the wallet"} first.`),
    entry(10, /invalid coins/i, "An amount in the transaction is not valid", "Check the amounts and denominations (uakt, uact) you passed."),
    entry(11, /out of gas/i, "The transaction ran out of gas", "Raise --gas-adjustment (AKASH_GAS_ADJUSTMENT), e.g. to 1.5: gas is the simulated amount times this factor."),
    entry(12, /memo too large/i, "The memo is too long", "Use a shorter memo (256 characters at most)."),
    entry(13, /insufficient fee/i, "The fee is below the node's minimum gas price", "Raise --gas-price (AKASH_GAS_PRICE), e.g. to 0.025uakt; the node's minimum is in the details."),
    entry(18, /invalid request/i, "The node refused the request as invalid", "Check the values in the details; they name the field at fault."),
    entry(19, /already in mempool/i, "This exact transaction is already waiting in the node's mempool", "Wait a block and check whether it was committed before sending again."),
    entry(20, /mempool is full/i, "The node's mempool is full", "Wait a few blocks and run again, or use another node (--rpc, AKASH_RPC)."),
    entry(21, /tx too large/i, "The transaction is larger than the node accepts", "Send fewer messages per transaction."),
    entry(22, /key not found/i, "The chain has no such entry", "Check the identifiers you passed (owner, dseq)."),
    entry(28, /invalid chain-id/i, "The transaction was signed for another chain", "Set --chain-id (AKASH_CHAIN_ID) to the chain id the node reports, or use a node of the network you mean."),
    entry(30, /timeout height/i, "The transaction expired before it was included", "Run again."),
    entry(32, /account sequence mismatch|incorrect account sequence/i, "Another transaction from this wallet was sent at the same time", "Run again; if it persists, stop other programs that use the same wallet."),
    entry(38, /not found/i, "The chain has no such entry", "Check the identifiers you passed (owner, dseq, gseq, oseq, provider)."),
    entry(41, /invalid gas limit/i, "The gas limit is not valid", "Lower the number of messages per transaction, or check --gas-adjustment (AKASH_GAS_ADJUSTMENT)."),
  ],
  deployment: [
    entry(3, /deployment exists/i, "A deployment with this dseq already exists", "Use a new dseq (akash-gpu picks the current block height)."),
    entry(4, /deployment not found/i, "There is no such deployment", "Check the dseq and the owner (the wallet that created it)."),
    entry(5, /deployment closed/i, "The deployment is already closed", "Nothing to do for this deployment: it no longer costs anything."),
    entry(7, /invalid groups/i, "The deployment's placement groups are not valid", "Check the SDL with `akash-gpu sdl validate`."),
    entry(8, /invalid: deployment id/i, "The deployment id is not valid", "Use a dseq greater than 0 and a valid owner address."),
    entry(9, /invalid: empty hash/i, "The deployment has no manifest hash", "Render the manifest again (`akash-gpu sdl manifest`)."),
    entry(10, /invalid: deployment hash/i, "The manifest hash is not valid (or unchanged by an update)", "Render the manifest again; an update needs a changed SDL."),
    entry(14, /group not found/i, "There is no such placement group", "Check the dseq and gseq."),
    entry(15, /group already closed/i, "The placement group is already closed", "Nothing to do for this group."),
    entry(19, /groupspec invalid/i, "A placement group spec is not valid", "Check the SDL with `akash-gpu sdl validate`."),
    entry(20, /deposit invalid|deposit too low/i, "The deposit is not valid: below the minimum, or in a denomination the chain refuses", "Deposit at least the chain's minimum (min_deposits in the deployment params, 0.5 ACT on mainnet) in uact; mint ACT with `akash-gpu wallet mint-act`."),
    entry(24, /invalid price/i, "The price is not valid: mainnet prices new deployments in uact only", "Price the SDL in uact (denom: uact)."),
    entry(25, /duplicate group name/i, "Two placement groups have the same name", "Give each placement group a unique name."),
    entry(26, /invalid reclamation/i, "The reclamation settings are outside the chain's bounds", "Check the SDL's reclamation min_window."),
  ],
  market: [
    entry(4, /bid price above max order price/i, "The bid is above the order's maximum price", "Choose another bid, or raise the maximum price."),
    entry(6, /unknown bid/i, "There is no such bid", "Refresh the bids: it may have been closed or lost."),
    entry(7, /unknown lease/i, "There is no such lease", "Check the lease id (dseq, gseq, oseq, provider)."),
    entry(10, /lease not active/i, "The lease is not active (closed, or closed for insufficient funds)", "Nothing to close: check the lease's state."),
    entry(11, /bid not active/i, "The bid is not active", "Refresh the bids and choose an open one."),
    entry(12, /bid not open/i, "The bid is no longer open (another lease was taken, or it was closed)", "Refresh the bids and choose an open one."),
    entry(13, /order not open/i, "The order is no longer open (a lease exists or the deployment closed)", "Check the deployment's leases."),
    entry(14, /no lease for order/i, "The order has no lease", "Create a lease from an open bid first."),
    entry(15, /order not found/i, "There is no such order", "Check the dseq, gseq and oseq."),
    entry(16, /group not found/i, "There is no such placement group", "Check the dseq and gseq."),
    entry(17, /group not open/i, "The placement group is not open", "The deployment may be closed or paused."),
    entry(18, /bid not found/i, "There is no such bid", "Refresh the bids: it may have been closed."),
    entry(20, /lease not found/i, "There is no such lease", "Check the lease id (dseq, gseq, oseq, provider)."),
    entry(24, /order closed/i, "The order is closed", "The deployment may have been closed."),
    entry(28, /deposit invalid: insufficient balance|deposit invalid/i, "The deposit is not valid, or more than the wallet holds", depositInvalidNext),
    entry(33, /invalid lease closed reason/i, "The lease close reason is not valid", "Close the lease as its owner (reason: owner)."),
  ],
  escrow: [
    entry(1, /account exists/i, "The escrow account already exists", "Use a new dseq."),
    entry(2, /account closed/i, "The deployment's escrow account is closed", "A closed (or overdrawn) deployment cannot be topped up: create a new deployment."),
    entry(3, /account not found/i, "There is no escrow account for this deployment", "Check the owner and dseq."),
    entry(4, /account overdrawn/i, "The escrow account is overdrawn: its funds ran out", "Depositing does not revive it: close the deployment and create a new one."),
    entry(5, /invalid denomination/i, "The deposit is in another denomination than the escrow account", "Deposit in the account's denomination (uact for new deployments)."),
    entry(6, /payment exists/i, "The escrow payment already exists", "The lease already exists."),
    entry(7, /payment closed/i, "The escrow payment is closed", "The lease is closed."),
    entry(8, /payment not found/i, "There is no such escrow payment", "Check the lease id."),
    entry(15, /unauthorized deposit scope/i, "This account may not deposit into that escrow account", "Deposit from the owner's wallet."),
    entry(16, /invalid deposit/i, "The deposit is not valid", "Deposit a positive amount from source balance."),
  ],
  cert: [
    entry(1, /certificate not found/i, "There is no such certificate", "Check the owner and serial."),
    entry(3, /certificate (already )?exists/i, "This certificate is already on chain", "Nothing to do: use the certificate that is there."),
    entry(4, /certificate (already )?revoked/i, "The certificate is revoked", "Create a new certificate."),
    entry(6, /invalid certificate/i, "The certificate is not a valid PEM certificate for this owner", "Generate a new certificate for this wallet."),
    entry(7, /invalid pubkey value/i, "The certificate's public key is not valid", "Generate a new certificate for this wallet."),
  ],
  // What a MsgMintACT can be refused with (chain-sdk go/node/bme/v1 msgs.go ValidateBasic; node x/bme
  // RequestBurnMint). bme's other registered errors (epsilon, minimum mint, zero price, vault funds) arise
  // only in the end blocker, which cancels the mint instead of failing a transaction: see mint-canceled.ts.
  bme: [
    entry(3, /owner and to addresses must match/i, "ACT can only be minted to the wallet that burns the AKT (owner and to must be the same address)", "Mint to your own address: akash-gpu always does; check the message if you built it yourself."),
    entry(6, /circuit breaker is active/i, "Minting is halted by the circuit breaker", "Wait until the chain lifts it; check `/akash/bme/v1/status`."),
    entry(8, /invalid amount/i, "The amount to burn is not valid", "Burn a positive amount of uakt."),
    entry(9, /invalid swap route.*: invalid denomination|invalid denomination/i, "Only AKT (uakt) can be burnt to mint ACT", "Burn uakt."),
  ],
  // The price bme mints at (node x/oracle GetAggregatedPrice). RequestBurnMint asks for it before it takes the burn.
  "oracle.v2": [
    entry(4, /price stalled/i, "The oracle's AKT price is stale, so minting ACT is paused", "Try again later, once the oracle's feeds report a fresh price (`/akash/oracle/v2/aggregated_price/akt`); no AKT was burnt."),
  ],
  bank: [entry(5, /send transactions are disabled|transfers are currently disabled/i, "This coin cannot be sent between wallets", `ACT is send-disabled: ${MINT_ACT}.`)],
  provider: [
    entry(3, /provider.*not found/i, "There is no such provider", "Check the provider address."),
    entry(4, /provider.*already exists/i, "The provider already exists", "Nothing to do."),
  ],
};

/**
 * A simulation over ABCI (`/cosmos.tx.v1beta1.Service/Simulate`) that fails comes back from mainnet's nodes as
 * sdk 6 whatever the cause — the gRPC status of the simulate handler is wrapped as an unknown request and the
 * module's codespace and code are lost:
 *   rpc error: code = Unknown desc = <the module error's text> With gas wanted: '…' and gas used: '…' : unknown request
 * Only the text inside remains to say which error it was.
 */
const WRAPPED_SIMULATION = /rpc error: code = \w+ desc = ([\s\S]*?)\s*With gas wanted: '[^']*' and gas used: '[^']*'\s*: unknown request\s*$/;

/** The module error's text inside a wrapped simulation failure (see above), or undefined for any other log. */
export function embeddedErrorText(codespace: string, code: number, rawLog: string): string | undefined {
  if (codespace !== "sdk" || code !== 6) return undefined;
  return WRAPPED_SIMULATION.exec(rawLog)?.[1];
}

export type Identified = { codespace: string; explanation: Explanation };

/**
 * The registered error a text carries, by text alone: the entry whose pattern matches the longest part of it
 * (the most specific registered text; "owner and to addresses must match" beats a bare "unauthorized"), an
 * Akash module's before sdk's on a tie — a module's error reaches the log wrapped in sdk's generic ones —
 * then in catalog order.
 */
export function identifyByText(text: string): Identified | undefined {
  let best: (Identified & { length: number; module: boolean }) | undefined;
  for (const [codespace, entries] of Object.entries(CATALOG)) {
    for (const explanation of entries) {
      const length = explanation.pattern.exec(text)?.[0].length;
      if (length === undefined) continue;
      const module = codespace !== "sdk";
      if (!best || length > best.length || (length === best.length && module && !best.module)) best = { codespace, explanation, length, module };
    }
  }
  return best && { codespace: best.codespace, explanation: best.explanation };
}

/**
 * The explanation of an error, by code confirmed by its text, else by text alone (see the file comment); for
 * a wrapped simulation failure (sdk 6 around a module's text), the explanation of the error inside.
 */
export function lookupExplanation(codespace: string, code: number, rawLog: string): Explanation | undefined {
  const embedded = embeddedErrorText(codespace, code, rawLog);
  if (embedded !== undefined) return identifyByText(embedded)?.explanation;
  const entries = CATALOG[codespace] ?? [];
  const byCode = entries.find((e) => e.code === code);
  if (byCode && (rawLog === "" || byCode.pattern.test(rawLog))) return byCode;
  return entries.find((e) => e.pattern.test(rawLog));
}
