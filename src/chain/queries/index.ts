/** Typed read-only queries of the Akash chain; each takes a QuerySdk (src/chain/query-sdk.ts) first. */
export { listBids } from "./bids.js";
export { getDeploymentParams, minDepositIn, type DeploymentParams } from "./deployment-params.js";
export { getDeployment, listDeployments } from "./deployments.js";
export { listLeases, type LeaseFilter } from "./leases.js";
export { DEFAULT_PAGE_SIZE, type PageOptions } from "./pages.js";
export { getProvider, listProviders } from "./providers.js";
export { ChainQueryError } from "./query-errors.js";
