/** Start-up time of the CLI against bare node: `--help` and `sdl render` must not load heavy modules. */
import { spawnSync } from "node:child_process";
import { BIN } from "../run-cli.js";

const RUNS = 21;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(args: string[]): number {
  const samples: number[] = [];
  spawnSync(process.execPath, args, { stdio: "ignore" }); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: "ignore", env: { ...process.env, AKASH_INFERENCE_API_KEY: "sk-bench-0123456789" } });
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

export function benchStartup(): { title: string; lines: string[] } {
  const bare = time(["-e", "0"]);
  const help = time([BIN, "--help"]);
  const render = time([BIN, "sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "--max-usd-per-hour", "2"]);
  const validate = time([BIN, "sdl", "validate", "--help"]);
  const row = (name: string, ms: number) => `| ${name} | ${ms.toFixed(0)} | ${(ms - bare).toFixed(0)} |`;
  return {
    title: "CLI start-up",
    lines: [
      `Median of ${RUNS} runs each (wall clock, ms); "above node" is the difference to a bare \`node -e 0\`. Goal: under 300 ms above node for \`--help\` and \`sdl render\`.`,
      "",
      "| command | median ms | above node |",
      "|---|---:|---:|",
      row("node -e 0", bare),
      row("akash-gpu --help", help),
      row("akash-gpu sdl validate --help", validate),
      row("akash-gpu sdl render --runtime vllm --model Qwen/Qwen3-8B --gpu h100 --max-usd-per-hour 2", render),
    ],
  };
}
