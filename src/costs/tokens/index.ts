/**
 * Tokens served by inference servers (vLLM, llama.cpp), from their Prometheus counters sampled into the
 * ledger, and the cost per million tokens on Akash and at an AWS baseline.
 */
export { costPerMillionTokens, tokenCost, type TokenCost } from "./cost.js";
export { tokenCountersOf, type TokenCounters } from "./counters.js";
export { parsePrometheusText, type PromSample } from "./prometheus-text.js";
export { sampleMetrics, type SampleOptions, type SampleResult } from "./sampler.js";
export { MetricsUnavailableError, metricsUrlOf, scrapeTokenCounters, type ScrapeOptions } from "./scrape.js";
export { endpointFromStatus, metricsTargets, type LeaseStatusSource, type MetricsTarget, type TargetDeps, type TargetFailure } from "./targets.js";
export { restarted, tokensByLease, tokensInWindow, type TimeWindow, type TokensServed } from "./window.js";
export { leaseTokensJson, sampleLeases, type LeaseTokens, type SampleLeasesDeps } from "./sample-leases.js";
export { leaseTokenCost, type LeaseTokenCost, type LeaseTokenCostInput } from "./lease-cost.js";
