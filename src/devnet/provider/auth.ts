/**
 * The gateway's authentication step (gateway/rest prepareAuthMiddleware + gateway/utils AuthProcess): runs on every
 * matched route, public ones included, so a malformed Authorization header fails even GET /status.
 */
import { fullAccessClaims, type Claims } from "./access.js";
import { verifyJwt, type AccountPubKeyLookup } from "./jwt.js";
import { AUTH_ERRORS, ReplyError } from "./replies.js";

export interface Credentials {
  /** The Authorization header, if any. */
  authorization: string | undefined;
  /** Owner of the client certificate verified during the TLS handshake, if one was presented. */
  certificateOwner: string | undefined;
}

/** Claims of the caller; undefined when it presented neither a certificate nor a token. */
export async function authenticate(credentials: Credentials, accountPubKey: AccountPubKeyLookup, nowMs: number): Promise<Claims | undefined> {
  const token = bearerToken(credentials.authorization);
  if (credentials.certificateOwner !== undefined) {
    if (token !== undefined) throw new ReplyError(AUTH_ERRORS.ambiguous);
    return fullAccessClaims(credentials.certificateOwner);
  }
  return token === undefined ? undefined : verifyJwt(token, accountPubKey, nowMs);
}

/** AuthHeaderTokenExtractor: exactly "<bearer> <token>", scheme case-insensitive; an empty header means no token. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === "") return undefined;
  const fields = header.trim().split(/\s+/);
  if (fields.length !== 2 || fields[0]?.toLowerCase() !== "bearer") throw new ReplyError(AUTH_ERRORS.invalidAuthHeader);
  return fields[1];
}
