/** Wiring between escrow and the market/deployment modules, as node's x/market hooks do it. */
import type { Ctx } from "./context.js";
import { deploymentGroups, getDeployment, setDeployment, setGroup } from "./modules/deployment.js";
import type { EscrowHooks } from "./modules/escrow.js";
import { marketHooks, onGroupClosed } from "./modules/market.js";

export function createEscrowHooks(): EscrowHooks {
  const hooks: EscrowHooks = marketHooks((ctx: Ctx, owner, dseq, overdrawn) => {
    const deployment = getDeployment(ctx, owner, dseq);
    if (!deployment || deployment.state !== "active") return;
    setDeployment(ctx, { ...deployment, state: "closed" });
    for (const group of deploymentGroups(ctx, owner, dseq)) {
      if (group.state === "closed" || group.state === "insufficient_funds") continue;
      const closed = { ...group, state: overdrawn ? ("insufficient_funds" as const) : ("closed" as const) };
      setGroup(ctx, closed);
      onGroupClosed(ctx, hooks, closed, overdrawn);
    }
  });
  return hooks;
}
