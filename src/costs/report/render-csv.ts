/**
 * The report as CSV (RFC 4180): each table under a `# <title>` line, header row, data rows, the total last;
 * a `mark` column carries row marks. Numbers stay numbers, so spreadsheets sum them.
 */
import { cellText, type ReportDocument } from "./document.js";

const field = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function renderCsv(doc: ReportDocument): string {
  const blocks = doc.tables.map((table) => {
    const marked = Boolean(table.marks?.size);
    const header = [...table.columns.map((c) => c.key), ...(marked ? ["mark"] : [])];
    const lines = [`# ${table.title}`, header.map(field).join(",")];
    for (const [i, row] of table.rows.entries()) {
      lines.push([...table.columns.map((c) => field(row[c.key] === null || row[c.key] === undefined ? "" : cellText(row[c.key]))), ...(marked ? [field(table.marks?.get(i) ?? "")] : [])].join(","));
    }
    if (table.total) lines.push([...table.columns.map((c) => field(table.total![c.key] === undefined || table.total![c.key] === null ? "" : cellText(table.total![c.key]))), ...(marked ? [""] : [])].join(","));
    return lines.join("\r\n");
  });
  return `${blocks.join("\r\n\r\n")}\r\n`;
}
