/**
 * /metrics bodies in each server's own dialect, so a reader written against the real servers parses these.
 *
 * vLLM (v1 engine, v0.11) exports through prometheus_client: counters as `<name>_total` plus an OpenMetrics
 * `<name>_created` gauge, labels sorted by name (`engine`, `model_name`), values printed as Python floats
 * ("12.0"). llama.cpp (tools/server, `--metrics`) prints `llamacpp:<name> <value>` with no labels, every value
 * through a C++ stream as a double with six significant digits ("1.23457e+06"): counters above a million lose
 * precision there, as they do on the real server.
 */
import { TTFT_BUCKET_BOUNDS, type WorkloadStats } from "./workload-stats.js";

/** vLLM labels every series with the served model and the engine index; the devnet runs one engine. */
export function vllmMetrics(stats: WorkloadStats, servedModelName: string): string {
  const labels = { engine: "0", model_name: servedModelName };
  const out: string[] = [];
  const gauge = (name: string, help: string, value: number): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name}${labelText(labels)} ${pythonFloat(value)}`);
  };
  const counter = (name: string, help: string, series: [Record<string, string>, number][]): void => {
    out.push(`# HELP ${name}_total ${help}`, `# TYPE ${name}_total counter`);
    for (const [extra, value] of series) out.push(`${name}_total${labelText({ ...labels, ...extra })} ${pythonFloat(value)}`);
    out.push(`# HELP ${name}_created ${help}`, `# TYPE ${name}_created gauge`);
    for (const [extra] of series) out.push(`${name}_created${labelText({ ...labels, ...extra })} ${pythonFloat(stats.startedAtSeconds)}`);
  };

  gauge("vllm:num_requests_running", "Number of requests in model execution batches.", stats.running);
  gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", stats.waiting);
  counter("vllm:prompt_tokens", "Number of prefill tokens processed.", [[{}, stats.promptTokens]]);
  counter("vllm:generation_tokens", "Number of generation tokens processed.", [[{}, stats.generationTokens]]);
  counter(
    "vllm:request_success",
    "Count of successfully processed requests.",
    (["stop", "length", "abort"] as const).map((reason) => [{ finished_reason: reason }, stats.ended[reason]]),
  );

  const ttft = "vllm:time_to_first_token_seconds";
  out.push(`# HELP ${ttft} Histogram of time to first token in seconds.`, `# TYPE ${ttft} histogram`);
  for (const [i, bound] of TTFT_BUCKET_BOUNDS.entries()) {
    out.push(`${ttft}_bucket${labelText({ ...labels, le: pythonFloat(bound) })} ${pythonFloat(stats.ttftBuckets[i]!)}`);
  }
  out.push(
    `${ttft}_bucket${labelText({ ...labels, le: "+Inf" })} ${pythonFloat(stats.ttftCount)}`,
    `${ttft}_count${labelText(labels)} ${pythonFloat(stats.ttftCount)}`,
    `${ttft}_sum${labelText(labels)} ${pythonFloat(stats.ttftSum)}`,
    `# HELP ${ttft}_created Histogram of time to first token in seconds.`,
    `# TYPE ${ttft}_created gauge`,
    `${ttft}_created${labelText(labels)} ${pythonFloat(stats.startedAtSeconds)}`,
  );
  return `${out.join("\n")}\n`;
}

/** The metrics of llama.cpp's handle_metrics, in its order; throughput gauges are averages over the whole run. */
export function llamaCppMetrics(stats: WorkloadStats): string {
  const perSecond = (tokens: number, seconds: number): number => (seconds > 0 ? tokens / seconds : 0);
  const metrics: [type: "counter" | "gauge", name: string, help: string, value: number][] = [
    ["counter", "prompt_tokens_total", "Number of prompt tokens processed.", stats.promptTokens],
    ["counter", "prompt_seconds_total", "Prompt process time", stats.promptSeconds],
    ["counter", "tokens_predicted_total", "Number of generation tokens processed.", stats.generationTokens],
    ["counter", "tokens_predicted_seconds_total", "Predict process time", stats.generationSeconds],
    ["counter", "n_decode_total", "Total number of llama_decode() calls", stats.decodeSteps],
    ["counter", "n_busy_slots_per_decode", "Average number of busy slots per llama_decode() call", stats.busySlotsOverSteps / Math.max(stats.decodeSteps, 1)],
    ["gauge", "prompt_tokens_seconds", "Average prompt throughput in tokens/s.", perSecond(stats.promptTokens, stats.promptSeconds)],
    ["gauge", "predicted_tokens_seconds", "Average generation throughput in tokens/s.", perSecond(stats.generationTokens, stats.generationSeconds)],
    ["gauge", "requests_processing", "Number of requests processing.", stats.running],
    ["gauge", "requests_deferred", "Number of requests deferred.", stats.waiting],
  ];
  return metrics.map(([type, name, help, value]) => `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${cppDouble(value)}\n`).join("");
}

function labelText(labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${sorted.map(([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** prometheus_client's floatToGoString: Python's repr ("3.0"), with Go's earlier switch to exponents. */
function pythonFloat(value: number): string {
  const repr = Number.isInteger(value) ? value.toFixed(1) : String(value);
  const dot = repr.indexOf(".");
  if (value > 0 && dot > 6 && !repr.includes("e")) {
    const mantissa = `${repr[0]}.${repr.slice(1, dot)}${repr.slice(dot + 1)}`.replace(/\.?0+$/, "");
    return `${mantissa}e+0${dot - 1}`;
  }
  return repr;
}

/** A double through `std::ostream <<` with the default precision: %g with six significant digits. */
function cppDouble(value: number): string {
  if (value === 0) return "0";
  const [mantissa = "0", exponentText = "0"] = value.toExponential(5).split("e");
  const exponent = Number(exponentText);
  const trim = (digits: string): string => (digits.includes(".") ? digits.replace(/\.?0+$/, "") : digits);
  if (exponent < -4 || exponent >= 6) return `${trim(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return trim(value.toFixed(5 - exponent));
}
