/**
 * The devnet's stand-in for a language model. A reply is a pure function of the model name and the prompt, so
 * a test can send the same request twice and compare; a lower token limit cuts the same reply shorter. Tokens
 * are counted the way a BPE tokenizer roughly counts English (about four characters each), and long words come
 * out as two pieces, so a stream looks like a real one.
 */
import { createHash } from "node:crypto";

export type FinishReason = "stop" | "length";
export type Reply = { tokens: string[]; finishReason: FinishReason };

const CHARS_PER_TOKEN = 4;
/** Chat templates wrap each message in special tokens and a role header (ChatML: <|im_start|>role\n…<|im_end|>\n). */
const TOKENS_PER_MESSAGE = 4;
/** The generation prompt that opens the assistant's turn. */
const GENERATION_PROMPT_TOKENS = 3;
/** Words longer than this come out as two pieces, as BPE vocabularies split rarer words. */
const LONGEST_SINGLE_PIECE = 7;
/** Length of a reply that ends by itself ("stop"); a lower limit cuts it ("length"). */
const SHORTEST_REPLY = 24;
const LONGEST_REPLY = 120;

const WORDS = (
  "the a of to and in is that for it as with on this be are by we can from or an at which model data each " +
  "more will other when time first these how system value number result so new use into two may over also " +
  "then make about most some such only where after through between because well under while should layer " +
  "inference request network provider memory cluster latency throughput replica gateway deployment answer " +
  "question context example approach simple careful stable method practice measure budget price window " +
  "token batch cache weights server container storage volume market lease escrow block chain account " +
  "consider compare estimate observe reduce improve explain describe prefer choose balance depends usually " +
  "often rather quite likely clearly exactly roughly early later enough several various useful important"
).split(" ");

export function countTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Prompt tokens of a chat as a chat template renders it. */
export function countChatTokens(messages: readonly { role: string; text: string }[]): number {
  let tokens = GENERATION_PROMPT_TOKENS;
  for (const message of messages) tokens += TOKENS_PER_MESSAGE + countTextTokens(message.text);
  return tokens;
}

/** The reply of `model` to `prompt`, at most `limit` tokens long. */
export function generateReply(model: string, prompt: string, limit: number): Reply {
  const random = seededRandom(`${model}\n${prompt}`);
  const length = SHORTEST_REPLY + Math.floor(random() * (LONGEST_REPLY - SHORTEST_REPLY + 1));
  const tokens: string[] = [];
  while (tokens.length < length) tokens.push(...sentencePieces(random, tokens.length === 0));
  if (tokens.length <= limit) return { tokens, finishReason: "stop" };
  return { tokens: tokens.slice(0, Math.max(0, limit)), finishReason: "length" };
}

function sentencePieces(random: () => number, opensReply: boolean): string[] {
  const wordCount = 6 + Math.floor(random() * 11);
  const pieces: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)]!;
    if (i === 0) word = word[0]!.toUpperCase() + word.slice(1);
    if (i === wordCount - 1) word += ".";
    else if (i > 1 && random() < 0.08) word += ",";
    const spaced = opensReply && i === 0 ? word : ` ${word}`;
    if (spaced.length <= LONGEST_SINGLE_PIECE + 1) pieces.push(spaced);
    else {
      const cut = Math.ceil(spaced.length / 2);
      pieces.push(spaced.slice(0, cut), spaced.slice(cut));
    }
  }
  return pieces;
}

/** mulberry32 seeded from SHA-256: small, fast, and the same sequence on every platform. */
function seededRandom(seedText: string): () => number {
  let state = createHash("sha256").update(seedText).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
