/** The inputs, events and result of a deploy. */
import type { Secret } from "../config/secret.js";
import type { Dec } from "../costs/decimal.js";
import type { PriceContext } from "../costs/price.js";
import type { DecCoin, LeaseId } from "../chain/types.js";
import type { SdlAnalysis } from "../sdl/analyze.js";
import type { BidWindow } from "./bid-window.js";
import type { BidFilters, Strategy } from "./choose-bids.js";
import type { Labels } from "./labels.js";

export type ValidAnalysis = Extract<SdlAnalysis, { valid: true }>;

export type DeploySettings = {
  strategy: Strategy;
  filters: BidFilters;
  window: BidWindow;
  /** How long the deposit must keep the deployment running at the bid price ceiling. */
  runwayMs: number;
  /** Burn AKT for the ACT the deposit lacks (else the deploy stops and says how much is missing). */
  mintAct: boolean;
  aktUsd?: Dec;
  readyTimeoutMs: number;
  /** Leave the deployment open when a step after the create fails (default: close it and refund). */
  keepOnFailure: boolean;
  price: PriceContext;
};

export type DeployRequest = DeploySettings & {
  analysis: ValidAnalysis;
  labels: Labels;
  /** What the readiness probe asks the endpoint with. */
  probe: { apiKey?: Secret; model?: string };
};

export type DeployStep = "funds" | "create" | "bids" | "lease" | "manifest" | "ready" | "close" | "resume";

export type DeployEvent = {
  step: DeployStep;
  status: "start" | "progress" | "done" | "failed";
  message: string;
  dseq?: string;
  height?: number;
  elapsedMs: number;
  data?: Record<string, unknown>;
};

export type LeaseOutcome = {
  id: LeaseId;
  price: DecCoin;
  usdPerHour: Dec;
  region: string | undefined;
  leaseHeight: number;
  endpoint: string | undefined;
};

export type DeployResult = {
  dseq: bigint;
  owner: string;
  deposit: bigint;
  leases: LeaseOutcome[];
  timings: { createdHeight: number; firstBidHeight: number | undefined; leaseHeight: number; manifestSentMs: number; readyMs: number };
};
