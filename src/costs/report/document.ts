/**
 * A report as data, before it has a format: a title, the window, tables, charts and notes, plus the JSON a
 * machine gets. Each output format (text table, Markdown, CSV, HTML) renders this same document, so the
 * numbers agree between formats by construction.
 */
export type Cell = string | number | null;

export type Column = { key: string; title: string; align?: "left" | "right" };

export type Table = {
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** A totals row, shown under a rule. */
  total?: Record<string, Cell>;
  /** Rows to mark (e.g. "no AWS equivalent", "unpriced: …"), by index: the mark is shown with the row. */
  marks?: Map<number, string>;
};

export type Series = { name: string; values: (number | null)[] };

export type Chart = {
  kind: "line" | "bar";
  title: string;
  /** Labels along the x axis (days, GPU models, …). */
  labels: string[];
  series: Series[];
  /** The unit of the y axis, e.g. "USD". */
  unit: string;
};

export type ReportDocument = {
  title: string;
  /** Lines under the title: window, prices and their sources, block time. */
  subtitle: string[];
  tables: Table[];
  charts: Chart[];
  notes: string[];
  /** What `--format json` prints. */
  json: unknown;
};

export type ReportFormat = "table" | "md" | "json" | "csv" | "html";
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "md", "json", "csv", "html"];

/** A cell as text: numbers as given (callers round money for display before it gets here). */
export const cellText = (cell: Cell | undefined): string => (cell === null || cell === undefined ? "-" : String(cell));
