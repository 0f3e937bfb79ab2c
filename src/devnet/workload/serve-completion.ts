/**
 * Runs one completion the way an inference server does: wait for a free slot, process the prompt, then produce
 * tokens at the workload's pace, streaming each as it comes or answering once at the end. Metrics are updated
 * per token, so a client that leaves mid-reply is counted for what was produced, and a finished reply is
 * counted exactly as its usage says.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { CompletionJob } from "./completion-request.js";
import { generateReply } from "./generate-text.js";
import { openEventStream, sendJson, writeEvent } from "./http-io.js";
import { replyFormat, type ReplyTotals } from "./reply-formats.js";
import type { WorkloadContext } from "./workload-context.js";

/** A GPU processes a prompt in parallel: this many times faster per token than it generates. */
const PREFILL_SPEEDUP = 20;

export async function serveCompletion(ctx: WorkloadContext, job: CompletionJob, res: ServerResponse, jsonContentType: string): Promise<void> {
  const arrivedAt = performance.now();
  const clientGone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) clientGone.abort();
  });
  // The client may have left while its body was read, before there was a listener to tell.
  if (!res.socket || res.socket.destroyed) clientGone.abort();
  const signal = AbortSignal.any([ctx.lifetime, clientGone.signal]);

  let slot: number;
  try {
    slot = await ctx.slots.acquire(signal);
  } catch {
    return; // gone while waiting: nothing was processed
  }
  const reply = generateReply(ctx.servedModelName, job.prompt, Math.min(job.maxTokens ?? Number.POSITIVE_INFINITY, ctx.contextLength - job.promptTokens));
  const idPrefix = job.kind === "chat" ? "chatcmpl" : "cmpl";
  const format = replyFormat({
    flavor: ctx.flavor,
    kind: job.kind,
    id: `${idPrefix}-${randomBytes(16).toString("hex")}`,
    created: Math.floor(Date.now() / 1000),
    model: ctx.servedModelName,
    prompt: job.prompt,
    promptTokens: job.promptTokens,
    slot,
  });
  const msPerToken = 1000 / ctx.tokensPerSecond;
  const startStream = (): void => {
    openEventStream(res);
    for (const event of format.opening()) writeEvent(res, event);
  };

  try {
    const promptMs = (job.promptTokens * msPerToken) / PREFILL_SPEEDUP;
    await sleep(promptMs, undefined, { signal });
    ctx.stats.recordPrefill(job.promptTokens, promptMs / 1000);

    const generationStart = performance.now();
    let previous = generationStart;
    let text = "";
    for (const [index, piece] of reply.tokens.entries()) {
      // Each token has its due time from the start, so timer lateness does not add up over a long reply.
      const wait = generationStart + (index + 1) * msPerToken - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal });
      const now = performance.now();
      ctx.stats.recordGeneratedToken((now - previous) / 1000);
      previous = now;
      if (index === 0) {
        ctx.stats.observeTimeToFirstToken((now - arrivedAt) / 1000);
        if (job.stream) startStream();
      }
      if (job.stream) writeEvent(res, format.piece(piece, index, index === reply.tokens.length - 1 ? reply.finishReason : null));
      else text += piece;
    }

    const totals: ReplyTotals = {
      promptTokens: job.promptTokens,
      completionTokens: reply.tokens.length,
      promptMs,
      predictedMs: previous - generationStart,
      finishReason: reply.finishReason,
    };
    ctx.stats.ended[reply.finishReason] += 1;
    if (!job.stream) {
      sendJson(res, 200, format.whole(text, totals), jsonContentType);
      return;
    }
    if (reply.tokens.length === 0) startStream();
    for (const event of format.closing(totals, job.includeUsage)) writeEvent(res, event);
    if (format.endsWithDone) writeEvent(res, "[DONE]");
    res.end();
  } catch (error) {
    if (!signal.aborted) throw error;
    // The client left or the workload went down; the connection is already closed.
    ctx.stats.ended.abort += 1;
  } finally {
    ctx.slots.release(slot);
  }
}
