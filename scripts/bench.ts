/**
 * `npm run bench`: measures what the project promises about speed, prints it, and writes it to
 * docs/benchmarks.md (with the date and the machine), so the figures in the docs are the measured ones.
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { benchDevnet } from "./bench/devnet.js";
import { benchEngine } from "./bench/engine.js";
import { benchReport } from "./bench/report.js";
import { benchStartup } from "./bench/startup.js";

type Section = { title: string; lines: string[] };

/** Run one after the other, in this order: each measures best on a machine the others leave alone. */
const benches: (() => Section | Promise<Section>)[] = [benchStartup, benchDevnet, benchEngine, benchReport];
const sections: Section[] = [];
for (const bench of benches) sections.push(await bench());

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const markdown = [
  "# Benchmarks",
  "",
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
  "",
  ...sections.flatMap((section) => [`## ${section.title}`, "", ...section.lines, ""]),
].join("\n");

writeFileSync(new URL("../docs/benchmarks.md", import.meta.url), markdown);
console.log(markdown);
