/** `-o json|jsonl`, shared by every command that prints a result or a stream of records. */
import { Option } from "commander";

export const outputOption = (): Option =>
  new Option("-o, --output <format>", "jsonl: one JSON record per line on stdout; json: like --json").choices(["json", "jsonl"]);
