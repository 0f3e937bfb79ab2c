/**
 * Charts as inline SVG: a line chart (e.g. spend per day against the AWS line) and a grouped bar chart (e.g.
 * savings per GPU model). Plain SVG with <title> tooltips, no script, so the HTML report needs no network and
 * no JavaScript to be read.
 */
import type { Chart } from "./document.js";

const WIDTH = 760;
const HEIGHT = 320;
const PAD = { left: 64, right: 16, top: 36, bottom: 56 };
const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2"];

export const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Round tick steps (1, 2, 5 × 10^k) covering 0..max in about five steps. */
export function niceTicks(max: number, min = 0): number[] {
  if (max <= min) max = min + 1;
  const span = max - min;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

const format = (value: number) => (Math.abs(value) >= 1000 ? value.toLocaleString("en-US", { maximumFractionDigits: 0 }) : String(Number(value.toPrecision(4))));

function frame(chart: Chart, ticks: number[], y: (v: number) => number): string[] {
  const parts = [`<text x="${PAD.left}" y="20" class="chart-title">${escapeXml(chart.title)}</text>`];
  for (const tick of ticks) {
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(tick)}" y2="${y(tick)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${y(tick) + 4}" text-anchor="end" class="tick">${escapeXml(format(tick))}</text>`);
  }
  parts.push(`<text x="14" y="${PAD.top + (HEIGHT - PAD.top - PAD.bottom) / 2}" transform="rotate(-90 14 ${PAD.top + (HEIGHT - PAD.top - PAD.bottom) / 2})" text-anchor="middle" class="tick">${escapeXml(chart.unit)}</text>`);
  chart.series.forEach((series, i) => {
    const x = PAD.left + i * 170;
    parts.push(`<rect x="${x}" y="${HEIGHT - 16}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 18}" y="${HEIGHT - 6}" class="legend">${escapeXml(series.name)}</text>`);
  });
  return parts;
}

function xLabels(chart: Chart, xOf: (i: number) => number): string[] {
  const every = Math.max(1, Math.ceil(chart.labels.length / 10));
  return chart.labels.flatMap((label, i) => (i % every === 0 ? [`<text x="${xOf(i)}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle" class="tick">${escapeXml(label)}</text>`] : []));
}

export function renderChart(chart: Chart): string {
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = niceTicks(Math.max(0, ...values), Math.min(0, ...values));
  const [low, high] = [ticks[0]!, ticks.at(-1)!];
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const y = (v: number) => Number((PAD.top + plotHeight * (1 - (v - low) / (high - low || 1))).toFixed(1));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const n = Math.max(1, chart.labels.length);
  const parts = frame(chart, ticks, y);

  if (chart.kind === "line") {
    const xOf = (i: number) => Number((PAD.left + (n === 1 ? plotWidth / 2 : (plotWidth * i) / (n - 1))).toFixed(1));
    chart.series.forEach((series, s) => {
      const color = COLORS[s % COLORS.length];
      const points = series.values.flatMap((v, i) => (v === null ? [] : [`${xOf(i)},${y(v)}`]));
      parts.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`);
      series.values.forEach((v, i) => {
        if (v !== null) parts.push(`<circle cx="${xOf(i)}" cy="${y(v)}" r="3" fill="${color}"><title>${escapeXml(`${series.name}, ${chart.labels[i]}: ${format(v)} ${chart.unit}`)}</title></circle>`);
      });
    });
    parts.push(...xLabels(chart, xOf));
  } else {
    const slot = plotWidth / n;
    const bar = Math.min(40, (slot * 0.8) / Math.max(1, chart.series.length));
    const xOf = (i: number) => Number((PAD.left + slot * i + slot / 2).toFixed(1));
    chart.series.forEach((series, s) => {
      series.values.forEach((v, i) => {
        if (v === null) return;
        const x = xOf(i) - (bar * chart.series.length) / 2 + bar * s;
        const top = Math.min(y(v), y(0));
        parts.push(`<rect x="${x.toFixed(1)}" y="${top}" width="${bar.toFixed(1)}" height="${Math.abs(y(v) - y(0)).toFixed(1)}" fill="${COLORS[s % COLORS.length]}"><title>${escapeXml(`${series.name}, ${chart.labels[i]}: ${format(v)} ${chart.unit}`)}</title></rect>`);
      });
    });
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}" class="axis"/>`);
    parts.push(...xLabels(chart, xOf));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(chart.title)}">${parts.join("")}</svg>`;
}
