// Small SVG charts for the reports: horizontal bars and a line over months. Built node by
// node with createElementNS (never parsed markup), coloured by classes whose colours are CSS
// variables (css/reports.css), so they follow the light and dark themes.
//
// Every bar and point carries its number as text, so that nothing depends on colour. A
// suppressed count (cell.hidden) is never drawn to scale: it becomes a hatched placeholder of
// a fixed size labelled with cell.text ("<11"). Only in the coordinator's own view, when the
// cell still has its exact value, is it drawn to scale, hatched and marked.

import { svg } from '../dom.js';

/** Labels longer than this are shortened in the chart (the full text is in a tooltip). */
const LABEL_CHARS = 28;
/** The width of the placeholder drawn for a hidden count, in viewBox units (not a value). */
const PLACEHOLDER = 40;
const MARKED_TITLE = 'hidden in anything that leaves the screen';
const HIDDEN_TITLE = 'hidden: a small count, or one that a total would reveal';

let serial = 0;

const s = svg;

/** The number a cell may be drawn at, or null when it must not be drawn to scale. */
function drawable(cell, coordinatorView) {
  if (!cell) return null;
  if (cell.hidden && !coordinatorView) return null;
  return typeof cell.value === 'number' && Number.isFinite(cell.value) ? cell.value : null;
}

/** What a cell is in words, for tooltips and the description. */
function spoken(cell, coordinatorView) {
  if (!cell) return '—';
  if (!cell.hidden) return cell.text;
  return drawable(cell, coordinatorView) === null ? `${cell.text} (hidden)` : `${cell.text} (${MARKED_TITLE})`;
}

/** A scale from zero whose top is a round number above `max`, with about `ticks` steps. */
function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw));
  return { top: Math.ceil(max / step) * step, step };
}

function shorten(label) {
  const text = String(label ?? '');
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/** The chart's <svg> with its title and description; patterns for the hatching. */
function frame(width, height, summary, description) {
  const id = `chart-${++serial}`;
  const hatch = `${id}-hatch`;
  const marked = `${id}-marked`;
  const pattern = (patternId, lineClass) => s('pattern', { id: patternId, patternUnits: 'userSpaceOnUse', width: 6, height: 6,
    patternTransform: 'rotate(45)' },
  s('rect', { class: 'chart-hatch-bg', x: 0, y: 0, width: 6, height: 6 }),
  s('line', { class: lineClass, x1: 0, y1: 0, x2: 0, y2: 6 }));
  const svg = s('svg', {
    class: 'chart', role: 'img', viewBox: `0 0 ${width} ${height}`, width: '100%',
    preserveAspectRatio: 'xMidYMid meet', 'aria-label': summary, 'aria-describedby': `${id}-desc`,
  },
  s('title', { id: `${id}-title` }, summary),
  s('desc', { id: `${id}-desc` }, description),
  s('defs', {}, pattern(hatch, 'chart-hatch-line'), pattern(marked, 'chart-marked-line')));
  return { svg, hatch: `url(#${hatch})`, marked: `url(#${marked})` };
}

function countWord(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Horizontal bars, one per row: rows [{label, cell}] with cell {value, text, hidden}.
 * `max` (optional) sets the scale's top so that several charts can share one scale.
 * `axisLabel` names what is counted, `categoryLabel` what the rows are.
 */
export function barChart({ rows = [], title = 'Chart', max = 0, coordinatorView = false, axisLabel = 'Count', categoryLabel = '' } = {}) {
  const values = rows.map((row) => drawable(row.cell, coordinatorView));
  const largest = Math.max(0, ...values.filter((v) => v !== null));
  const { top, step } = niceScale(Math.max(largest, Number(max) || 0));
  const hiddenCount = rows.filter((row, i) => row.cell?.hidden && values[i] === null).length;

  const width = 640;
  const labelRight = 196;
  const plotLeft = 206;
  const plotRight = width - 72;
  const plotWidth = plotRight - plotLeft;
  const rowHeight = 30;
  const barHeight = 18;
  const top0 = categoryLabel ? 30 : 10;
  const plotBottom = top0 + Math.max(rows.length, 1) * rowHeight;
  const height = plotBottom + 48;
  const x = (v) => plotLeft + (v / top) * plotWidth;

  let best = null;
  rows.forEach((row, i) => {
    if (values[i] !== null && (best === null || values[i] > values[best])) best = i;
  });
  const summary = [
    `${title}: ${countWord(rows.length, 'bar', 'bars')}`,
    best !== null && values[best] > 0 ? `the largest is ${rows[best].label} (${rows[best].cell.text})` : null,
    hiddenCount ? `${countWord(hiddenCount, 'count is', 'counts are')} hidden and drawn as a hatched box, not to scale` : null,
  ].filter(Boolean).join('; ');
  const description = rows.length
    ? rows.map((row) => `${row.label}: ${spoken(row.cell, coordinatorView)}`).join('. ')
    : 'Nothing to show.';
  const { svg, hatch, marked } = frame(width, height, `${summary}.`, `${description}.`);

  // Grid and scale.
  const grid = s('g', { class: 'chart-scale', 'aria-hidden': 'true' });
  for (let v = 0; v <= top + 1e-9; v += step) {
    grid.appendChild(s('line', { class: 'chart-grid', x1: x(v), x2: x(v), y1: top0 - 4, y2: plotBottom }));
    if (v === 0 || largest > 0) {
      grid.appendChild(s('text', { class: 'chart-tick', x: x(v), y: plotBottom + 16, 'text-anchor': 'middle' },
        Number(v).toLocaleString()));
    }
  }
  grid.appendChild(s('line', { class: 'chart-axis', x1: plotLeft, x2: plotLeft, y1: top0 - 4, y2: plotBottom }));
  grid.appendChild(s('line', { class: 'chart-axis', x1: plotLeft, x2: plotRight, y1: plotBottom, y2: plotBottom }));
  grid.appendChild(s('text', { class: 'chart-axis-label', x: (plotLeft + plotRight) / 2, y: plotBottom + 38, 'text-anchor': 'middle' },
    axisLabel));
  if (categoryLabel) {
    grid.appendChild(s('text', { class: 'chart-axis-label', x: labelRight, y: 16, 'text-anchor': 'end' }, categoryLabel));
  }
  svg.appendChild(grid);

  const bars = s('g', { class: 'chart-bars' });
  rows.forEach((row, i) => {
    const y = top0 + i * rowHeight;
    const middle = y + rowHeight / 2;
    const barTop = middle - barHeight / 2;
    const value = values[i];
    const cell = row.cell ?? { text: '—', hidden: false, value: null };
    const group = s('g', { class: 'chart-row' },
      s('title', {}, `${row.label}: ${spoken(cell, coordinatorView)}`),
      s('text', { class: 'chart-label', x: labelRight, y: middle, dy: '0.35em', 'text-anchor': 'end' }, shorten(row.label)));
    let end;
    if (value === null) {
      // Hidden: a fixed-size hatched box, never the count.
      group.appendChild(s('rect', { class: 'chart-placeholder', x: plotLeft, y: barTop, width: PLACEHOLDER, height: barHeight,
        fill: hatch, rx: 2 }));
      end = plotLeft + PLACEHOLDER;
      group.setAttribute('class', 'chart-row chart-row-hidden');
    } else if (cell.hidden) {
      // Coordinator view: to scale, hatched and outlined, so it reads as "not for export".
      const w = Math.max(x(value) - plotLeft, value > 0 ? 2 : 0);
      if (w > 0) group.appendChild(s('rect', { class: 'chart-bar-marked', x: plotLeft, y: barTop, width: w, height: barHeight, fill: marked, rx: 2 }));
      end = plotLeft + w;
      group.setAttribute('class', 'chart-row chart-row-marked');
    } else {
      const w = value > 0 ? Math.max(x(value) - plotLeft, 2) : 0;
      if (w > 0) group.appendChild(s('rect', { class: 'chart-bar', x: plotLeft, y: barTop, width: w, height: barHeight, rx: 2 }));
      end = plotLeft + w;
    }
    const label = s('text', { class: `chart-value${cell.hidden && value !== null ? ' chart-value-marked' : ''}${value === null ? ' chart-value-hidden' : ''}`,
      x: end + 6, y: middle, dy: '0.35em' }, cell.text);
    group.appendChild(label);
    bars.appendChild(group);
  });
  if (!rows.length) {
    bars.appendChild(s('text', { class: 'chart-label', x: (plotLeft + plotRight) / 2, y: top0 + rowHeight / 2, dy: '0.35em',
      'text-anchor': 'middle' }, 'Nothing to show'));
  }
  svg.appendChild(bars);
  svg.classList.add('chart-bars-svg');
  return svg;
}

/**
 * A line over ordered points [{label, cell}] (months). A hidden point breaks the line and is
 * drawn as a hatched box on the baseline, labelled with cell.text.
 */
export function lineChart({ points = [], title = 'Chart', coordinatorView = false, axisLabel = 'Count', categoryLabel = '' } = {}) {
  const values = points.map((point) => drawable(point.cell, coordinatorView));
  const largest = Math.max(0, ...values.filter((v) => v !== null));
  const { top, step } = niceScale(largest);
  const hiddenCount = points.filter((point, i) => point.cell?.hidden && values[i] === null).length;

  const width = 640;
  const height = 300;
  const plotLeft = 64;
  const plotRight = 620;
  const plotTop = 30;
  const plotBottom = 232;
  const inset = 18;
  const n = points.length;
  const px = (i) => (n <= 1 ? (plotLeft + plotRight) / 2 : plotLeft + inset + (i * (plotRight - plotLeft - 2 * inset)) / (n - 1));
  const py = (v) => plotBottom - (v / top) * (plotBottom - plotTop);
  const crowded = n > 14;

  let best = null;
  values.forEach((v, i) => {
    if (v !== null && (best === null || v > values[best])) best = i;
  });
  const summary = [
    n ? `${title}: ${countWord(n, 'point', 'points')} from ${points[0].label} to ${points[n - 1].label}` : `${title}: nothing to show`,
    best !== null && values[best] > 0 ? `the highest is ${points[best].label} (${points[best].cell.text})` : null,
    hiddenCount ? `${countWord(hiddenCount, 'count is', 'counts are')} hidden and drawn as a hatched box on the baseline` : null,
  ].filter(Boolean).join('; ');
  const description = n ? points.map((p) => `${p.label}: ${spoken(p.cell, coordinatorView)}`).join('. ') : 'Nothing to show.';
  const { svg, hatch, marked } = frame(width, height, `${summary}.`, `${description}.`);

  const grid = s('g', { class: 'chart-scale', 'aria-hidden': 'true' });
  for (let v = 0; v <= top + 1e-9; v += step) {
    grid.appendChild(s('line', { class: 'chart-grid', x1: plotLeft, x2: plotRight, y1: py(v), y2: py(v) }));
    if (v === 0 || largest > 0) {
      grid.appendChild(s('text', { class: 'chart-tick', x: plotLeft - 8, y: py(v), dy: '0.35em', 'text-anchor': 'end' },
        Number(v).toLocaleString()));
    }
  }
  grid.appendChild(s('line', { class: 'chart-axis', x1: plotLeft, x2: plotLeft, y1: plotTop - 6, y2: plotBottom }));
  grid.appendChild(s('line', { class: 'chart-axis', x1: plotLeft, x2: plotRight, y1: plotBottom, y2: plotBottom }));
  const every = Math.max(1, Math.ceil(n / 12));
  points.forEach((point, i) => {
    if (i % every !== 0) return;
    grid.appendChild(s('line', { class: 'chart-axis', x1: px(i), x2: px(i), y1: plotBottom, y2: plotBottom + 4 }));
    grid.appendChild(s('text', { class: 'chart-tick', x: px(i), y: plotBottom + 18, 'text-anchor': 'middle' }, point.label));
  });
  grid.appendChild(s('text', { class: 'chart-axis-label', x: (plotLeft + plotRight) / 2, y: height - 12, 'text-anchor': 'middle' },
    categoryLabel || 'Period'));
  grid.appendChild(s('text', { class: 'chart-axis-label', x: 0, y: 0, 'text-anchor': 'middle',
    transform: `translate(16 ${(plotTop + plotBottom) / 2}) rotate(-90)` }, axisLabel));
  svg.appendChild(grid);

  // The line, broken wherever a point cannot be drawn to scale.
  let d = '';
  let open = false;
  values.forEach((v, i) => {
    if (v === null) {
      open = false;
      return;
    }
    d += `${open ? 'L' : 'M'}${px(i).toFixed(1)} ${py(v).toFixed(1)} `;
    open = true;
  });
  if (d) svg.appendChild(s('path', { class: 'chart-line', d: d.trim() }));

  const marks = s('g', { class: 'chart-points' });
  points.forEach((point, i) => {
    const v = values[i];
    const cell = point.cell ?? { text: '—', hidden: false, value: null };
    const x = px(i);
    const lift = crowded && i % 2 === 1 ? 14 : 0;
    const group = s('g', { class: 'chart-row' }, s('title', {}, `${point.label}: ${spoken(cell, coordinatorView)}`));
    let labelY;
    if (v === null) {
      group.appendChild(s('rect', { class: 'chart-placeholder', x: x - 8, y: plotBottom - 16, width: 16, height: 16, fill: hatch, rx: 2 }));
      labelY = plotBottom - 22;
      group.setAttribute('class', 'chart-row chart-row-hidden');
    } else if (cell.hidden) {
      group.appendChild(s('rect', { class: 'chart-point-marked', x: x - 6, y: py(v) - 6, width: 12, height: 12, fill: marked }));
      labelY = py(v) - 11;
      group.setAttribute('class', 'chart-row chart-row-marked');
    } else {
      group.appendChild(s('circle', { class: 'chart-point', cx: x, cy: py(v), r: 4.5 }));
      labelY = py(v) - 10;
    }
    group.appendChild(s('text', {
      class: `chart-value${crowded ? ' chart-value-small' : ''}${cell.hidden && v !== null ? ' chart-value-marked' : ''}${v === null ? ' chart-value-hidden' : ''}`,
      x, y: Math.max(labelY - lift, 10), 'text-anchor': 'middle',
    }, cell.text));
    marks.appendChild(group);
  });
  svg.appendChild(marks);
  svg.classList.add('chart-line-svg');
  return svg;
}

export const chartTitles = { marked: MARKED_TITLE, hidden: HIDDEN_TITLE };
