/** A small SVG line plot of latency against population size (log scale), no dependencies. */
export interface Series {
  label: string;
  points: [citizens: number, milliseconds: number][];
}

const COLOURS = ['#1f5fa8', '#7fa6d6', '#b3541e', '#e0a27a'];

export function latencyPlot(series: Series[]): string {
  const width = 640;
  const height = 360;
  const left = 60;
  const right = 170;
  const top = 20;
  const bottom = 50;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xMin = Math.log10(Math.min(...xs));
  const xMax = Math.max(Math.log10(Math.max(...xs)), xMin + 1);
  const yMax = Math.max(1, ...ys) * 1.15;
  const x = (citizens: number) => left + ((Math.log10(citizens) - xMin) / (xMax - xMin)) * (width - left - right);
  const y = (ms: number) => height - bottom - (ms / yMax) * (height - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="black"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">citizens (log scale)</text>`,
    `<text x="15" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 15 ${(top + height - bottom) / 2})">FCID latency (ms)</text>`,
  ];
  for (let decade = Math.ceil(xMin); decade <= Math.floor(xMax); decade++) {
    const at = x(10 ** decade);
    out.push(`<line x1="${at}" y1="${height - bottom}" x2="${at}" y2="${height - bottom + 5}" stroke="black"/>`);
    out.push(`<text x="${at}" y="${height - bottom + 18}" text-anchor="middle">${(10 ** decade).toLocaleString('en-US')}</text>`);
  }
  // About six gridlines at 1, 2 or 5 times a power of ten.
  const rough = yMax / 6;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  for (let ms = 0; ms <= yMax; ms += step) {
    out.push(`<text x="${left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms}</text>`);
    out.push(`<line x1="${left}" y1="${y(ms)}" x2="${width - right}" y2="${y(ms)}" stroke="#eee"/>`);
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const dash = s.label.endsWith('p99') ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${s.points.map(([c, ms]) => `${x(c).toFixed(1)},${y(ms).toFixed(1)}`).join(' ')}"/>`);
    for (const [c, ms] of s.points) out.push(`<circle cx="${x(c).toFixed(1)}" cy="${y(ms).toFixed(1)}" r="3" fill="${colour}"/>`);
    out.push(`<line x1="${width - right + 15}" y1="${top + 10 + i * 20}" x2="${width - right + 40}" y2="${top + 10 + i * 20}" stroke="${colour}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${width - right + 46}" y="${top + 14 + i * 20}">${s.label}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
