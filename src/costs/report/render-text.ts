/** The report for a terminal (aligned columns) and as Markdown. */
import { cellText, type Cell, type ReportDocument, type Table } from "./document.js";

const cellsOf = (table: Table, row: Record<string, Cell>): string[] => table.columns.map((c) => cellText(row[c.key]));

export function renderText(doc: ReportDocument): string {
  const out: string[] = [doc.title, ...doc.subtitle.map((line) => `  ${line}`), ""];
  for (const table of doc.tables) {
    const rows = table.rows.map((row) => cellsOf(table, row));
    const total = table.total ? cellsOf(table, table.total) : undefined;
    const all = total ? [...rows, total] : rows;
    const widths = table.columns.map((c, i) => Math.max(c.title.length, ...all.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((cell, i) => (table.columns[i]!.align === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
    out.push(table.title, line(table.columns.map((c) => c.title)));
    // A mark follows its row, outside the columns, so it never widens them.
    out.push(...rows.map((cells, i) => (table.marks?.has(i) ? `${line(cells)}  <- ${table.marks.get(i)}` : line(cells))));
    if (total) out.push(widths.map((w) => "-".repeat(w)).join("  "), line(total));
    out.push("");
  }
  for (const note of doc.notes) out.push(`note: ${note}`);
  return out.join("\n").trimEnd() + "\n";
}

const escapeMd = (text: string) => text.replace(/\|/g, "\\|");

export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${doc.title}`, "", ...doc.subtitle.map((line) => `- ${escapeMd(line)}`), ""];
  for (const table of doc.tables) {
    out.push(`## ${table.title}`, "", `| ${table.columns.map((c) => escapeMd(c.title)).join(" | ")} |`, `|${table.columns.map((c) => (c.align === "right" ? "---:" : "---")).join("|")}|`);
    for (const [i, row] of table.rows.entries()) {
      const cells = table.columns.map((c) => escapeMd(cellText(row[c.key])));
      const mark = table.marks?.get(i);
      if (mark) cells[cells.length - 1] += ` (${escapeMd(mark)})`;
      out.push(`| ${cells.join(" | ")} |`);
    }
    if (table.total) out.push(`| ${table.columns.map((c) => `**${escapeMd(cellText(table.total![c.key] ?? ""))}**`).join(" | ")} |`);
    out.push("");
  }
  if (doc.notes.length) out.push("## Notes", "", ...doc.notes.map((n) => `- ${escapeMd(n)}`), "");
  return out.join("\n");
}
