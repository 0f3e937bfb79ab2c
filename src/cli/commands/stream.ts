/** `akash-gpu logs | events <dseq>`: streamed from every provider with an open lease on the deployment. */
import { listLeases } from "../../chain/queries/index.js";
import { AkashGpuError } from "../../errors/base.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { parseDseq } from "./dseq.js";

type Flags = { follow?: boolean; tail?: string; service?: string; json?: boolean; output?: string };

export async function streamCommand(kind: "logs" | "events", dseqText: string, options: Flags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const dseq = parseDseq(dseqText);
  // A stream has no single result: --json and -o json|jsonl all mean one JSON record per line.
  const json = Boolean(options.json || options.output);
  const tail = options.tail === undefined ? undefined : Number(options.tail);
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new InvalidInputError("Invalid --tail", [{ field: "--tail", found: String(options.tail), expected: "a whole number of lines, e.g. 100" }]);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once("SIGINT", stop);
  await onChain(io, globals, { json }, async ({ output, session }) => {
    const { chain } = session;
    const leases = (await listLeases(chain.sdk, { owner: chain.address, dseq })).filter((lease) => lease.state === "active" || lease.state === "reclaiming");
    if (leases.length === 0) throw new AkashGpuError(`Deployment ${dseq} has no open lease`, { metaMessages: ["`akash-gpu status <dseq>` shows its leases."] });
    await Promise.all(
      leases.map(async (lease) => {
        const client = await session.providers(lease.id.provider);
        const ref = { dseq, gseq: lease.id.gseq, oseq: lease.id.oseq };
        const prefix = leases.length > 1 ? `[gseq ${lease.id.gseq}] ` : "";
        if (kind === "logs") {
          await client.streamLogs(ref, { follow: Boolean(options.follow), tail, service: options.service, signal: abort.signal, onLine: (line) => (json ? output.json({ gseq: lease.id.gseq, ...line }) : output.out(`${prefix}${line.service}: ${line.message}`)) });
        } else {
          await client.streamEvents(ref, { follow: Boolean(options.follow), signal: abort.signal, onEvent: (event) => (json ? output.json({ gseq: lease.id.gseq, ...event }) : output.out(`${prefix}${event.type.padEnd(8)} ${event.reason.padEnd(10)} ${event.service || event.object.kind}: ${event.note}`)) });
        }
      }),
    );
  }).finally(() => process.off("SIGINT", stop));
}
