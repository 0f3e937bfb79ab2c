/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no script and no request at view
 * time (a Content-Security-Policy forbids them), so it can be archived, mailed or attached to a CI run.
 */
import { cellText, type ReportDocument, type Table } from "./document.js";
import { escapeXml, renderChart } from "./svg-chart.js";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:32px auto;max-width:1280px;padding:0 16px}
.scroll{overflow-x:auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.sub{color:#4b5563;margin:0;padding:0;list-style:none}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid #e5e7eb;text-align:left;white-space:nowrap}
th{background:#f9fafb;font-weight:600}td.num,th.num{text-align:right}
tr.total td{font-weight:700;border-top:2px solid #9ca3af}
tr.marked td{background:#fffbeb}td.mark{color:#b45309;font-size:12px;white-space:normal;min-width:180px}
.charts{display:grid;grid-template-columns:1fr;gap:20px;margin-top:12px}
svg{max-width:100%;height:auto;background:#fff;border:1px solid #e5e7eb;border-radius:6px}
.chart-title{font:600 14px system-ui,sans-serif;fill:#111827}.tick,.legend{font:11px system-ui,sans-serif;fill:#4b5563}
.grid{stroke:#e5e7eb}.axis{stroke:#6b7280}
.notes{color:#4b5563}
`;

function tableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th class="${c.align === "right" ? "num" : ""}">${escapeXml(c.title)}</th>`).join("") + (table.marks?.size ? "<th></th>" : "");
  // Marks get a column of their own, after the data, where they may wrap.
  const marked = Boolean(table.marks?.size);
  const row = (cells: Record<string, unknown>, cls: string, mark?: string) =>
    `<tr class="${cls}">${table.columns.map((c) => `<td class="${c.align === "right" ? "num" : ""}">${escapeXml(cellText(cells[c.key] as never))}</td>`).join("")}${marked ? `<td class="mark">${escapeXml(mark ?? "")}</td>` : ""}</tr>`;
  const body = table.rows.map((r, i) => row(r, table.marks?.has(i) ? "marked" : "", table.marks?.get(i))).join("");
  const total = table.total ? row(table.total, "total") : "";
  return `<h2>${escapeXml(table.title)}</h2><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}${total}</tbody></table></div>`;
}

export function renderHtml(doc: ReportDocument): string {
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeXml(doc.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(doc.title)}</h1><ul class="sub">${doc.subtitle.map((line) => `<li>${escapeXml(line)}</li>`).join("")}</ul>`,
    doc.charts.length ? `<div class="charts">${doc.charts.map(renderChart).join("")}</div>` : "",
    ...doc.tables.map(tableHtml),
    doc.notes.length ? `<h2>Notes</h2><ul class="notes">${doc.notes.map((n) => `<li>${escapeXml(n)}</li>`).join("")}</ul>` : "",
    "</body></html>",
    "",
  ].join("\n");
}
