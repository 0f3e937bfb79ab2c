/**
 * Errors the chain answers with: a codespace and code as the Cosmos SDK registers them, the log text the
 * node would print, and the gRPC status queries map them to.
 */
export class ChainError extends Error {
  constructor(
    readonly codespace: string,
    readonly code: number,
    message: string,
    readonly grpcCode: number = GrpcCode.Unknown,
  ) {
    super(message);
  }
}

export const GrpcCode = {
  Ok: 0,
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  FailedPrecondition: 9,
  Aborted: 10,
  Unimplemented: 12,
  Internal: 13,
  Unauthenticated: 16,
} as const;

/** cosmos-sdk types/errors (codespace "sdk"). */
export const sdkError = {
  txDecode: (detail: string) => new ChainError("sdk", 2, `${detail}: tx parse error`, GrpcCode.InvalidArgument),
  invalidSequence: (detail: string) => new ChainError("sdk", 3, `${detail}: invalid sequence`, GrpcCode.InvalidArgument),
  unauthorized: (detail: string) => new ChainError("sdk", 4, `${detail}: unauthorized`, GrpcCode.InvalidArgument),
  insufficientFunds: (detail: string) => new ChainError("sdk", 5, `${detail}: insufficient funds`, GrpcCode.InvalidArgument),
  unknownRequest: (detail: string) => new ChainError("sdk", 6, `${detail}: unknown request`, GrpcCode.InvalidArgument),
  invalidAddress: (detail: string) => new ChainError("sdk", 7, `${detail}: invalid address`, GrpcCode.InvalidArgument),
  invalidCoins: (detail: string) => new ChainError("sdk", 10, `${detail}: invalid coins`, GrpcCode.InvalidArgument),
  outOfGas: (detail: string) => new ChainError("sdk", 11, `${detail}: out of gas`, GrpcCode.InvalidArgument),
  insufficientFee: (detail: string) => new ChainError("sdk", 13, `${detail}: insufficient fee`, GrpcCode.InvalidArgument),
  invalidRequest: (detail: string) => new ChainError("sdk", 18, `${detail}: invalid request`, GrpcCode.InvalidArgument),
  invalidChainId: (detail: string) => new ChainError("sdk", 28, `${detail}: invalid chain-id`, GrpcCode.InvalidArgument),
  wrongSequence: (expected: bigint, got: bigint) =>
    new ChainError("sdk", 32, `account sequence mismatch, expected ${expected}, got ${got}: incorrect account sequence`, GrpcCode.InvalidArgument),
  invalidPubKey: (detail: string) => new ChainError("sdk", 8, `${detail}: invalid pubkey`, GrpcCode.InvalidArgument),
  unknownAddress: (address: string) => new ChainError("sdk", 9, `account ${address} not found: unknown address`, GrpcCode.NotFound),
  notFound: (detail: string) => new ChainError("sdk", 38, `${detail}: not found`, GrpcCode.NotFound),
  txTooLarge: (size: number, max: number) => new ChainError("sdk", 21, `tx size ${size} is above the limit ${max}: tx too large`, GrpcCode.InvalidArgument),
};

/**
 * An error of a module's own codespace ("deployment", "market", "escrow", …) with its registered text, as
 * cosmossdk.io/errors prints it. Called with a detail it is `Err.Wrap(detail)`: "<detail>: <text>"; `after`
 * is Go's `fmt.Errorf("%w: <detail>", Err)`: "<text>: <detail>" — the node uses both, so logs differ in order.
 */
export type ModuleError = ((detail?: string) => ChainError) & {
  readonly codespace: string;
  readonly code: number;
  readonly text: string;
  after(detail: string): ChainError;
};

export function moduleError(codespace: string, code: number, text: string, grpcCode: number = GrpcCode.InvalidArgument): ModuleError {
  const wrap = (detail?: string) => new ChainError(codespace, code, detail ? `${detail}: ${text}` : text, grpcCode);
  return Object.assign(wrap, { codespace, code, text, after: (detail: string) => new ChainError(codespace, code, `${text}: ${detail}`, grpcCode) });
}

/**
 * A query handler's `status.Error(code, message)` (not a registered error). Over ABCI the node turns it into an
 * sdk error with the gRPC text in front (baseapp gRPCErrorToSDKError): NotFound → key not found (22),
 * InvalidArgument → invalid request (18). cosmjs recognises a missing account by that text.
 */
export function grpcStatusError(status: typeof GrpcCode.NotFound | typeof GrpcCode.InvalidArgument, message: string): ChainError {
  const [name, code, text] = status === GrpcCode.NotFound ? ["NotFound", 22, "key not found"] : ["InvalidArgument", 18, "invalid request"];
  return new ChainError("sdk", code, `rpc error: code = ${name} desc = ${message}: ${text}`, status);
}
