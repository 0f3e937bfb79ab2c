/**
 * The signing account's number and sequence, cached between transactions: each committed transaction
 * increments the sequence locally, so consecutive transactions need no query. The cache is dropped whenever
 * the chain may disagree with it (a sequence mismatch, a failed or unconfirmed transaction) and read again.
 */
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { accountFromAny } from "@cosmjs/stargate";
import type { CometRpc } from "./comet-rpc.js";
import { AccountNotFoundError, ChainTxError } from "./errors.js";
import { withRetry, type RetryEvent, type RetryPolicy } from "./retry.js";

export type AccountNumbers = { accountNumber: bigint; sequence: bigint };

const ACCOUNT_QUERY = "/cosmos.auth.v1beta1.Query/Account";

export class AccountState {
  #cached: AccountNumbers | undefined;

  constructor(
    private readonly rpc: CometRpc,
    private readonly address: string,
    private readonly chainId: string,
    private readonly retry: RetryPolicy,
    private readonly onRetry?: (event: RetryEvent) => void,
  ) {}

  async current(): Promise<AccountNumbers> {
    this.#cached ??= await this.#fetch();
    return this.#cached;
  }

  /** After a committed transaction signed with `sequence`. */
  committed(sequence: bigint): void {
    if (this.#cached) this.#cached = { ...this.#cached, sequence: sequence + 1n };
  }

  /** The chain may know better: read it again before the next transaction. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #fetch(): Promise<AccountNumbers> {
    const request = cosmos.QueryAccountRequest.encode(cosmos.QueryAccountRequest.fromPartial({ address: this.address })).finish();
    const result = await withRetry("account", () => this.rpc.abciQuery(ACCOUNT_QUERY, request), this.retry, this.onRetry);
    if (result.code !== 0) {
      if (/not ?found/i.test(result.log)) throw new AccountNotFoundError(this.address, this.chainId);
      throw new ChainTxError({ codespace: result.codespace, code: result.code, rawLog: result.log, phase: "query", address: this.address });
    }
    const any = cosmos.QueryAccountResponse.decode(result.value).account;
    if (!any) throw new AccountNotFoundError(this.address, this.chainId);
    const account = accountFromAny(any);
    return { accountNumber: BigInt(account.accountNumber), sequence: BigInt(account.sequence) };
  }
}
