/**
 * Bearer JWTs for one provider (AEP-64, alg ES256KADR36: an ADR-36 amino signature by the owner's account key).
 *
 * Each token is as narrow as the call it is for: "granular" access naming this provider only, "scoped" to the one
 * permission the call needs, valid for a few minutes. A token that leaked (a logging proxy, a provider that
 * turned hostile) then opens nothing at any other provider and nothing here beyond that call, and not for long.
 * "shell" is never requested: this tool does not exec into containers.
 *
 * Tokens are cached per scope and renewed a minute before they expire; they live in Secret wrappers, so they
 * print as "<redacted>" wherever they end up.
 */
import { JwtTokenManager } from "@akashnetwork/chain-sdk";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { Secret } from "../config/secret.js";
import { InvalidInputError } from "../errors/invalid-input.js";

export type ProviderScope = "send-manifest" | "status" | "logs" | "events";

export interface ProviderJwtOptions {
  /** The tenant: issuer of the tokens and owner of the leases. */
  owner: string;
  /** The only provider the tokens are valid at. */
  provider: string;
  mnemonic: Secret;
  /** Token lifetime; default 5 minutes. */
  lifetimeSeconds?: number;
}

const DEFAULT_LIFETIME_SECONDS = 5 * 60;
/** Renew this long before expiry, so a token never expires between being read and reaching the provider. */
const RENEW_BEFORE_SECONDS = 60;
/**
 * The provider checks nbf without leeway; backdating it a little keeps a provider whose clock runs behind ours
 * from refusing a fresh token as "not valid yet".
 */
const CLOCK_SKEW_SECONDS = 30;

type CachedToken = { token: Secret; expiresAt: number };

export class ProviderJwt {
  readonly #options: ProviderJwtOptions;
  #manager: Promise<JwtTokenManager> | undefined;
  readonly #cache = new Map<ProviderScope, Promise<CachedToken>>();

  constructor(options: ProviderJwtOptions) {
    this.#options = options;
  }

  /** A token for one call that needs `scope` at this provider; reused while it has more than a minute left. */
  async token(scope: ProviderScope): Promise<Secret> {
    const nowSeconds = this.#nowSeconds();
    const cached = this.#cache.get(scope);
    if (cached !== undefined) {
      const current = await cached.catch(() => undefined);
      if (current !== undefined && current.expiresAt - RENEW_BEFORE_SECONDS > nowSeconds) return current.token;
      // Another caller may have started the renewal while we waited.
      if (this.#cache.get(scope) !== cached) return this.token(scope);
    }
    const fresh = this.#issue(scope);
    this.#cache.set(scope, fresh);
    fresh.catch(() => this.#cache.get(scope) === fresh && this.#cache.delete(scope));
    return (await fresh).token;
  }

  async #issue(scope: ProviderScope): Promise<CachedToken> {
    const { owner, provider } = this.#options;
    const manager = await this.#tokenManager();
    const now = this.#nowSeconds();
    const lifetime = this.#options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const exp = now + lifetime;
    const token = await manager.generateToken({
      version: "v1",
      iss: owner,
      iat: now,
      nbf: now - CLOCK_SKEW_SECONDS,
      exp,
      leases: { access: "granular", permissions: [{ provider, access: "scoped", scope: [scope] }] },
    });
    return { token: new Secret(token), expiresAt: exp };
  }

  #tokenManager(): Promise<JwtTokenManager> {
    this.#manager ??= (async () => {
      const { owner, mnemonic } = this.#options;
      // An amino wallet: chain-sdk signs JWTs with signAmino (ADR-36); a Direct wallet cannot.
      const wallet = await Secp256k1HdWallet.fromMnemonic(mnemonic.reveal(), { prefix: "akash" });
      const [account] = await wallet.getAccounts();
      if (account?.address !== owner) {
        throw new InvalidInputError("Provider access", [
          { field: "mnemonic", found: `a mnemonic of ${account?.address ?? "no account"}`, expected: `the mnemonic of the lease owner ${owner}` },
        ]);
      }
      return new JwtTokenManager(wallet);
    })();
    this.#manager.catch(() => (this.#manager = undefined));
    return this.#manager;
  }

  #nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }
}
