/**
 * A matched, authenticated gateway request and the provider's per-route guards (gateway/rest middleware.go),
 * which handlers call in the order the real middleware chain runs them. Each guard throws a ReplyError.
 */
import { authorizeDeployment, authorizeForProvider, authorizeLease, type Claims, type DeploymentRef, type PermissionScope } from "./access.js";
import type { LeaseId } from "./chain-view.js";
import { AUTH_ERRORS, ReplyError, textError } from "./replies.js";

/** Query of the /logs and /kubeevents streams (requestStreamParams). */
export interface StreamParams {
  /** Services to include; empty = all. */
  services: string[];
  follow: boolean;
  /** Lines of history per pod; undefined = all. */
  tail: number | undefined;
}

export class GatewayRequest {
  constructor(
    private readonly claims: Claims | undefined,
    private readonly providerAddress: string,
    /** Path variables of the matched route. */
    readonly params: Readonly<Record<string, string>>,
    private readonly query: URLSearchParams,
    /** The request body, read on demand. */
    readonly body: () => Promise<string>,
  ) {}

  /** requireDeploymentID + requireEndpointScopeForDeploymentID. */
  deployment(scope: PermissionScope): DeploymentRef {
    const claims = this.#caller();
    const deployment = { owner: claims.issuer, dseq: parseUnsigned(this.params.dseq, 64) };
    if (!authorizeDeployment(claims, deployment, this.providerAddress)) throw new ReplyError(AUTH_ERRORS.unauthorized);
    if (!authorizeDeployment(claims, deployment, this.providerAddress, scope)) throw new ReplyError(AUTH_ERRORS.unauthorized);
    return deployment;
  }

  /** requireLeaseID, then (when given) requireEndpointScopeForLeaseID. */
  lease(scope?: PermissionScope): LeaseId {
    const lease = this.#leaseId();
    if (scope !== undefined) this.#requireLeaseScope(lease, scope);
    return lease;
  }

  /** requireLeaseID + requestStreamParams + requireEndpointScopeForLeaseID, in that order. */
  leaseStream(scope: PermissionScope): { lease: LeaseId; stream: StreamParams } {
    const lease = this.#leaseId();
    const stream = this.#streamParams();
    this.#requireLeaseScope(lease, scope);
    return { lease, stream };
  }

  /** authorizeProviderMiddleware + requireOwner: the caller, who owns whatever the route names. */
  #caller(): Claims {
    const { claims } = this;
    if (claims === undefined || !authorizeForProvider(claims, this.providerAddress) || claims.issuer === "") {
      throw new ReplyError(AUTH_ERRORS.unauthorized);
    }
    return claims;
  }

  #leaseId(): LeaseId {
    const claims = this.#caller();
    const lease: LeaseId = {
      owner: claims.issuer,
      dseq: parseUnsigned(this.params.dseq, 64),
      gseq: Number(parseUnsigned(this.params.gseq, 32)),
      oseq: Number(parseUnsigned(this.params.oseq, 32)),
      provider: this.providerAddress,
    };
    if (!authorizeLease(claims, lease)) throw new ReplyError(AUTH_ERRORS.unauthorized);
    return lease;
  }

  #requireLeaseScope(lease: LeaseId, scope: PermissionScope): void {
    if (!authorizeLease(this.#caller(), lease, scope)) throw new ReplyError(AUTH_ERRORS.unauthorized);
  }

  #streamParams(): StreamParams {
    const services = this.query.get("service") ?? "";
    if (services.endsWith(",")) throw new ReplyError(textError(400, 'parameter "service" must not contain trailing comma'));
    const followText = this.query.get("follow") ?? "";
    const follow = followText === "" ? false : parseGoBool(followText);
    const tailText = this.query.get("tail") ?? "";
    const tail = tailText === "" ? -1 : Number(parseGoInt32(tailText));
    if (tail < -1) throw new ReplyError(textError(400, 'parameter "tail" contains invalid value'));
    return { services: services === "" ? [] : services.split(","), follow, tail: tail === -1 ? undefined : tail };
  }
}

/** strconv.ParseUint(text, 10, bits), failing as the provider does: 400 with Go's message. */
function parseUnsigned(text: string | undefined, bits: 32 | 64): bigint {
  const value = text ?? "";
  if (!/^\d+$/.test(value)) throw new ReplyError(textError(400, `strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`));
  const parsed = BigInt(value);
  if (parsed >= 1n << BigInt(bits)) throw new ReplyError(textError(400, `strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`));
  return parsed;
}

function parseGoInt32(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new ReplyError(textError(400, `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`));
  const parsed = BigInt(text);
  if (parsed < -(1n << 31n) || parsed >= 1n << 31n) {
    throw new ReplyError(textError(400, `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`));
  }
  return parsed;
}

const GO_TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const GO_FALSE = ["0", "f", "F", "FALSE", "false", "False"];

function parseGoBool(text: string): boolean {
  if (GO_TRUE.includes(text)) return true;
  if (GO_FALSE.includes(text)) return false;
  throw new ReplyError(textError(400, `strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`));
}
