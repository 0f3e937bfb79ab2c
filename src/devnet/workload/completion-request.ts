/**
 * Reads a completion request body (OpenAI chat or text completion, or llama.cpp's native /completion) into
 * what the workload needs to answer it. Only the fields that change the answer's shape or length are read;
 * sampling parameters (temperature, top_p, stop, n, …) are accepted and ignored, as the reply is fixed.
 */
import { countChatTokens, countTextTokens } from "./generate-text.js";

/** chat: /v1/chat/completions; text: /v1/completions; native: llama.cpp's /completion. */
export type CompletionKind = "chat" | "text" | "native";

export type CompletionJob = {
  kind: CompletionKind;
  /** The model the client asked for, if it said. */
  model: string | undefined;
  /** The text the reply is derived from: the messages as a chat template would render them, or the prompt. */
  prompt: string;
  promptTokens: number;
  /** The client's cap on generated tokens, if any. */
  maxTokens: number | undefined;
  stream: boolean;
  /** stream_options.include_usage: a last chunk carries the usage. */
  includeUsage: boolean;
};

export type RequestProblem = { problem: string; param: string };

export function parseCompletionRequest(kind: CompletionKind, body: unknown): CompletionJob | RequestProblem {
  if (!isRecord(body)) return { problem: "the request body must be a JSON object", param: "body" };
  const prompt = kind === "chat" ? chatPrompt(body.messages) : textPrompt(body.prompt);
  if ("problem" in prompt) return prompt;

  // Chat clients may send the newer max_completion_tokens instead of max_tokens.
  const limitParam = kind === "native" ? "n_predict" : kind === "chat" && body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
  const limit = body[limitParam] ?? undefined;
  // llama.cpp's n_predict: -1 (or any negative) means "until the model stops"; 0 is allowed.
  const lowest = kind === "native" ? Number.NEGATIVE_INFINITY : 1;
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < lowest)) {
    return { problem: `${limitParam} must be ${kind === "native" ? "an integer" : "an integer of at least 1"}`, param: limitParam };
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") return { problem: "stream must be a boolean", param: "stream" };
  if (body.model !== undefined && body.model !== null && typeof body.model !== "string") return { problem: "model must be a string", param: "model" };

  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    kind,
    model: (body.model as string | null | undefined) ?? undefined,
    prompt: prompt.text,
    promptTokens: prompt.tokens,
    maxTokens: limit === undefined || (limit as number) < 0 ? undefined : (limit as number),
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}

function chatPrompt(messages: unknown): { text: string; tokens: number } | RequestProblem {
  if (!Array.isArray(messages) || messages.length === 0) return { problem: "messages must be a non-empty array", param: "messages" };
  const read: { role: string; text: string }[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || typeof message.role !== "string") return { problem: `messages[${index}] must be an object with a role`, param: "messages" };
    const text = contentText(message.content);
    if (text === undefined) return { problem: `messages[${index}].content must be a string or an array of content parts`, param: "messages" };
    read.push({ role: message.role, text });
  }
  return { text: read.map((message) => `${message.role}: ${message.text}`).join("\n"), tokens: countChatTokens(read) };
}

/** Text of a message's content: a string, text parts, or none (an assistant turn with only tool calls). */
function contentText(content: unknown): string | undefined {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  return content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
}

/** A prompt is a string, a list of strings, or token ids (a list of numbers); a list is answered as one prompt. */
function textPrompt(prompt: unknown): { text: string; tokens: number } | RequestProblem {
  if (typeof prompt === "string") return { text: prompt, tokens: Math.max(1, countTextTokens(prompt)) };
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((part) => typeof part === "string")) {
    const text = prompt.join("\n");
    return { text, tokens: Math.max(1, countTextTokens(text)) };
  }
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((part) => Number.isInteger(part))) {
    return { text: prompt.join(","), tokens: prompt.length };
  }
  return { problem: "prompt must be a string, an array of strings, or an array of token ids", param: "prompt" };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
