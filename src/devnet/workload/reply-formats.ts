/**
 * The JSON a completion is answered with, whole or as server-sent events, in the shape each server really
 * sends (vLLM v0.11's protocol models; llama.cpp's to_json_oaicompat* and native /completion results).
 * Streams differ in where the finish reason goes: vLLM puts it on the chunk of the last token, llama.cpp
 * sends a separate empty-delta chunk; both send usage in a last chunk with no choices when
 * stream_options.include_usage is set.
 */
import type { CompletionKind } from "./completion-request.js";
import type { FinishReason } from "./generate-text.js";
import type { Flavor } from "./workload-context.js";

/** Version string llama.cpp reports as system_fingerprint: the build of the pinned server-cuda image. */
const LLAMA_CPP_BUILD = "b11206-devnet";

export type ReplyMeta = { flavor: Flavor; kind: CompletionKind; id: string; created: number; model: string; prompt: string; promptTokens: number; slot: number };

export type ReplyTotals = { promptTokens: number; completionTokens: number; promptMs: number; predictedMs: number; finishReason: FinishReason };

export interface ReplyFormat {
  whole(text: string, totals: ReplyTotals): object;
  /** Events sent before the first token. */
  opening(): object[];
  /** `finishReason` is set on the last token. */
  piece(text: string, index: number, finishReason: FinishReason | null): object;
  /** Events sent after the last token. */
  closing(totals: ReplyTotals, includeUsage: boolean): object[];
  /** Whether the stream ends with `data: [DONE]` (the OpenAI-compatible routes do; llama.cpp's /completion does not). */
  endsWithDone: boolean;
}

export function replyFormat(meta: ReplyMeta): ReplyFormat {
  if (meta.kind === "native") return llamaNativeFormat(meta);
  return meta.flavor === "vllm" ? vllmFormat(meta) : llamaOpenAiFormat(meta);
}

function usageOf(totals: ReplyTotals): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: totals.promptTokens, completion_tokens: totals.completionTokens, total_tokens: totals.promptTokens + totals.completionTokens };
}

function vllmFormat(meta: ReplyMeta): ReplyFormat {
  const chat = meta.kind === "chat";
  const head = { id: meta.id, object: chat ? "chat.completion.chunk" : "text_completion", created: meta.created, model: meta.model };
  return {
    whole: (text, totals) => ({
      id: meta.id,
      object: chat ? "chat.completion" : "text_completion",
      created: meta.created,
      model: meta.model,
      choices: [
        chat
          ? {
              index: 0,
              message: { role: "assistant", content: text, refusal: null, annotations: null, audio: null, function_call: null, tool_calls: [], reasoning_content: null },
              logprobs: null,
              finish_reason: totals.finishReason,
              stop_reason: null,
            }
          : { index: 0, text, logprobs: null, finish_reason: totals.finishReason, stop_reason: null, prompt_logprobs: null },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage: { ...usageOf(totals), prompt_tokens_details: null },
      ...(chat ? { prompt_logprobs: null } : {}),
      kv_transfer_params: null,
    }),
    opening: () => (chat ? [{ ...head, choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }] }] : []),
    piece: (text, _index, finishReason) => {
      const finish = finishReason ? { finish_reason: finishReason, stop_reason: null } : { finish_reason: null };
      return { ...head, choices: [chat ? { index: 0, delta: { content: text }, logprobs: null, ...finish } : { index: 0, text, logprobs: null, ...finish }] };
    },
    closing: (totals, includeUsage) => (includeUsage ? [{ ...head, choices: [], usage: usageOf(totals) }] : []),
    endsWithDone: true,
  };
}

/** llama.cpp's timings object, sent with every final result. */
function timingsOf(totals: ReplyTotals): Record<string, number> {
  const { promptTokens: promptN, completionTokens: predictedN, promptMs, predictedMs } = totals;
  return {
    cache_n: 0,
    prompt_n: promptN,
    prompt_ms: promptMs,
    prompt_per_token_ms: promptN > 0 ? promptMs / promptN : 0,
    prompt_per_second: promptMs > 0 ? (1e3 * promptN) / promptMs : 0,
    predicted_n: predictedN,
    predicted_ms: predictedMs,
    predicted_per_token_ms: predictedN > 0 ? predictedMs / predictedN : 0,
    predicted_per_second: predictedMs > 0 ? (1e3 * predictedN) / predictedMs : 0,
  };
}

function llamaOpenAiFormat(meta: ReplyMeta): ReplyFormat {
  const chat = meta.kind === "chat";
  const tail = { created: meta.created, id: meta.id, model: meta.model, system_fingerprint: LLAMA_CPP_BUILD, object: chat ? "chat.completion.chunk" : "text_completion" };
  const streamChoice = (text: string | undefined, finishReason: FinishReason | null): object =>
    chat
      ? { finish_reason: finishReason, index: 0, delta: text === undefined ? {} : { content: text } }
      : { text: text ?? "", index: 0, logprobs: null, finish_reason: finishReason };
  return {
    whole: (text, totals) => ({
      choices: [chat ? { finish_reason: totals.finishReason, index: 0, message: { role: "assistant", content: text } } : { text, index: 0, logprobs: null, finish_reason: totals.finishReason }],
      created: meta.created,
      model: meta.model,
      system_fingerprint: LLAMA_CPP_BUILD,
      object: chat ? "chat.completion" : "text_completion",
      usage: usageOf(totals),
      id: meta.id,
      timings: timingsOf(totals),
    }),
    opening: () => (chat ? [{ choices: [{ finish_reason: null, index: 0, delta: { role: "assistant", content: null } }], ...tail }] : []),
    piece: (text) => ({ choices: [streamChoice(text, null)], ...tail }),
    closing: (totals, includeUsage) => {
      const finish = { choices: [streamChoice(undefined, totals.finishReason)], ...tail };
      if (!includeUsage) return [{ ...finish, timings: timingsOf(totals) }];
      return [finish, { choices: [], ...tail, usage: usageOf(totals), timings: timingsOf(totals) }];
    },
    endsWithDone: true,
  };
}

/** llama.cpp's own /completion: `content` per token, then a final result with `stop: true` and the statistics. */
function llamaNativeFormat(meta: ReplyMeta): ReplyFormat {
  const final = (content: string, totals: ReplyTotals): object => ({
    index: 0,
    content,
    tokens: [],
    id_slot: meta.slot,
    stop: true,
    model: meta.model,
    tokens_predicted: totals.completionTokens,
    tokens_evaluated: totals.promptTokens,
    prompt: meta.prompt,
    has_new_line: content.includes("\n"),
    truncated: false,
    stop_type: totals.finishReason === "length" ? "limit" : "eos",
    stopping_word: "",
    tokens_cached: totals.promptTokens + totals.completionTokens,
    timings: timingsOf(totals),
  });
  return {
    whole: final,
    opening: () => [],
    piece: (text, index) => ({ index: 0, content: text, tokens: [], stop: false, id_slot: -1, tokens_predicted: index + 1, tokens_evaluated: meta.promptTokens }),
    closing: (totals) => [final("", totals)],
    endsWithDone: false,
  };
}
