/**
 * The Akash modules' registered errors the devnet answers with: codespace, code, gRPC status and text exactly
 * as node v2.1 registers them. The node takes them from chain-sdk (pkg.akt.dev/go v0.2.10, its go.mod pin):
 *   escrow      go/node/escrow/module/error.go
 *   deployment  go/node/deployment/v1/errors.go
 *   market      go/node/market/v1/errors.go
 *   cert        go/node/cert/v1/errors.go
 *   provider    go/node/provider/v1beta4/errors.go
 *   bme         go/node/bme/v1/errors.go
 *   oracle      go/node/oracle/v2/errors.go (codespace "oracle.v2", plain Register: no gRPC status)
 *   deposit     go/node/types/deposit/v1/errors.go (codespace "akash", after the attribute errors)
 * Codes are the Go iota positions (1-based); only the errors the devnet can produce are listed.
 */
import { GrpcCode as G, moduleError } from "./errors.js";

export const escrowErrors = {
  accountExists: moduleError("escrow", 1, "account exists", G.AlreadyExists),
  accountClosed: moduleError("escrow", 2, "account closed", G.FailedPrecondition),
  accountNotFound: moduleError("escrow", 3, "account not found", G.NotFound),
  accountOverdrawn: moduleError("escrow", 4, "account overdrawn", G.FailedPrecondition),
  invalidDenomination: moduleError("escrow", 5, "invalid denomination", G.InvalidArgument),
  paymentExists: moduleError("escrow", 6, "payment exists", G.AlreadyExists),
  paymentClosed: moduleError("escrow", 7, "payment closed", G.FailedPrecondition),
  paymentNotFound: moduleError("escrow", 8, "payment not found", G.NotFound),
  paymentRateZero: moduleError("escrow", 9, "payment rate zero", G.InvalidArgument),
  invalidId: moduleError("escrow", 12, "invalid ID", G.InvalidArgument),
  invalidDeposit: moduleError("escrow", 16, "invalid deposit", G.InvalidArgument),
};

export const deploymentErrors = {
  exists: moduleError("deployment", 3, "Deployment exists", G.AlreadyExists),
  notFound: moduleError("deployment", 4, "Deployment not found", G.NotFound),
  closed: moduleError("deployment", 5, "Deployment closed", G.FailedPrecondition),
  invalidGroups: moduleError("deployment", 7, "Invalid groups"),
  invalidDeploymentId: moduleError("deployment", 8, "Invalid: deployment id"),
  emptyHash: moduleError("deployment", 9, "Invalid: empty hash"),
  invalidHash: moduleError("deployment", 10, "Invalid: deployment hash"),
  groupNotFound: moduleError("deployment", 14, "Group not found", G.NotFound),
  invalidDeposit: moduleError("deployment", 20, "Deposit invalid"),
  invalidPrice: moduleError("deployment", 24, "invalid price"),
  duplicateGroupName: moduleError("deployment", 25, "duplicate group name"),
};

export const marketErrors = {
  leaseNotActive: moduleError("market", 10, "lease not active", G.FailedPrecondition),
  bidNotActive: moduleError("market", 11, "bid not active", G.FailedPrecondition),
  bidNotOpen: moduleError("market", 12, "bid not open", G.FailedPrecondition),
  orderNotOpen: moduleError("market", 13, "bid: order not open", G.FailedPrecondition),
  orderNotFound: moduleError("market", 15, "invalid order: order not found", G.NotFound),
  groupNotFound: moduleError("market", 16, "group not found", G.NotFound),
  groupNotOpen: moduleError("market", 17, "group not open", G.FailedPrecondition),
  bidNotFound: moduleError("market", 18, "invalid bid: bid not found", G.NotFound),
  leaseNotFound: moduleError("market", 20, "invalid lease: lease not found", G.NotFound),
  bidExists: moduleError("market", 21, "invalid bid: bid exists from provider", G.AlreadyExists),
  bidInvalidPrice: moduleError("market", 22, "bid price is invalid"),
  orderActive: moduleError("market", 23, "order active", G.FailedPrecondition),
  orderClosed: moduleError("market", 24, "order closed", G.FailedPrecondition),
  /** Also what escrow's AuthorizeDeposits answers when the balance does not cover a deposit. */
  invalidDeposit: moduleError("market", 28, "deposit invalid"),
  invalidLeaseClosedReason: moduleError("market", 33, "invalid lease closed reason"),
};

export const certErrors = {
  notFound: moduleError("cert", 1, "certificate not found", G.NotFound),
  exists: moduleError("cert", 3, "certificate exists", G.AlreadyExists),
  alreadyRevoked: moduleError("cert", 4, "certificate already revoked", G.FailedPrecondition),
  invalidSerialNumber: moduleError("cert", 5, "invalid serial number"),
  invalidCertificateValue: moduleError("cert", 6, "invalid certificate value"),
  invalidPubkeyValue: moduleError("cert", 7, "invalid pubkey value"),
};

export const providerErrors = {
  notFound: moduleError("provider", 3, "invalid provider: address not found", G.NotFound),
  exists: moduleError("provider", 4, "invalid provider: already exists", G.AlreadyExists),
};

export const bmeErrors = {
  unauthorized: moduleError("bme", 3, "unauthorized", G.Unauthenticated),
  invalidAmount: moduleError("bme", 8, "invalid amount"),
  invalidDenom: moduleError("bme", 9, "invalid denomination"),
  epsilon: moduleError("bme", 16, "result value is less then precision of the denom", G.Aborted),
  minimumMint: moduleError("bme", 17, "minimum mint amount is not met", G.Aborted),
};

export const oracleErrors = {
  priceStalled: moduleError("oracle.v2", 4, "price stalled", G.Unknown),
};

export const depositErrors = {
  invalidDepositSource: moduleError("akash", 4, "invalid deposit source"),
};
