/** One report document in the format asked for. */
import type { ReportDocument, ReportFormat } from "./document.js";
import { renderCsv } from "./render-csv.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown, renderText } from "./render-text.js";

export function renderReport(doc: ReportDocument, format: ReportFormat): string {
  switch (format) {
    case "table":
      return renderText(doc);
    case "md":
      return renderMarkdown(doc);
    case "csv":
      return renderCsv(doc);
    case "html":
      return renderHtml(doc);
    case "json":
      return `${JSON.stringify(doc.json, null, 2)}\n`;
  }
}
