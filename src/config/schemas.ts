/** The form each setting must take (zod), keyed like the SETTINGS table. */
import { z } from "zod";
import { parseDuration } from "./duration.js";
import { NETWORK_NAMES } from "./networks.js";
import type { SettingKey } from "./settings.js";

const url = z.string().refine((value) => {
  try {
    const parsed = new URL(value);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
});
const positiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .refine((value) => Number(value) > 0);

export const SETTING_SCHEMAS: Record<SettingKey, z.ZodType> = {
  network: z.enum(NETWORK_NAMES),
  chainId: z.string().regex(/^[a-zA-Z0-9_.-]{1,50}$/),
  rpc: url,
  grpc: url,
  rest: url,
  mnemonic: z.string().regex(/^[a-z]+( [a-z]+){11}$|^[a-z]+( [a-z]+){23}$/),
  mnemonicFile: z.string().min(1),
  gasPrice: z.string().regex(/^\d+(\.\d+)?uakt$/),
  gasAdjustment: z.coerce.number().min(1).max(5),
  blockTime: z.string().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < 50 || ms > 60_000) {
      ctx.addIssue({ code: "custom", message: "out of range" });
      return z.NEVER;
    }
    return ms;
  }),
  aktUsd: positiveDecimal,
  actUsd: positiveDecimal,
  stateDir: z.string().min(1),
};
