// The pages of a printed document, drawn as SVG from the core's display list (print/mod.rs
// Preview): the very items that become the PDF, in millimetres from each page's top-left
// corner. One <svg class="page-preview"> per page, its viewBox the paper in millimetres, so
// that the page scales to whatever width the layout gives it and keeps its proportions.
//
// Built node by node with createElementNS (never parsed markup); colours are SVG attributes
// (the content-security policy refuses inline style attributes). The page itself stays white
// paper in both themes: it shows what comes out of the printer.

import { svg } from '../dom.js';

const XLINK = 'http://www.w3.org/1999/xlink';

/** Points to millimetres (1 pt = 1/72 in): the PDF sets text sizes in points. */
export const PT_TO_MM = 25.4 / 72;
/** The face the PDF embeds first; the system's copy draws the preview when it has one. */
export const PAGE_FONT = 'DejaVu Sans, Verdana, sans-serif';

const COLOR = /^#[0-9a-fA-F]{6}$/;

const s = svg;

/** A coordinate short enough to read in the DOM, exact enough for the page (µm). */
function n(value) {
  const number = Number(value);
  return Number.isFinite(number) ? Number(number.toFixed(3)) : 0;
}

/** The item's colour, or black (as the PDF draws anything that is not #RRGGBB). */
function ink(color) {
  return COLOR.test(String(color ?? '')) ? color : '#000000';
}

function textItem(item) {
  return s('text', {
    x: n(item.x),
    y: n(item.y),
    'font-size': n(Number(item.size) * PT_TO_MM),
    'font-weight': item.bold ? 'bold' : 'normal',
    'font-family': PAGE_FONT,
    fill: ink(item.color),
    // The core sends each line in drawing order (Arabic already joined and reversed), as the
    // PDF draws it: the window must not reorder it again.
    direction: 'ltr',
    'unicode-bidi': 'bidi-override',
    'data-width': Number(item.width) > 0 ? n(item.width) : null,
  }, String(item.text ?? ''));
}

function rectItem(item) {
  return s('rect', { x: n(item.x), y: n(item.y), width: Math.max(0, n(item.w)), height: Math.max(0, n(item.h)), fill: ink(item.color) });
}

function imageItem(item, images) {
  const url = images[item.image];
  if (typeof url !== 'string' || !url.startsWith('data:image/')) return null;
  const image = s('image', {
    x: n(item.x), y: n(item.y), width: Math.max(0, n(item.w)), height: Math.max(0, n(item.h)),
    preserveAspectRatio: 'none', href: url,
  });
  // Older WebKit reads only the XLink spelling.
  image.setAttributeNS(XLINK, 'xlink:href', url);
  return image;
}

/**
 * A QR code as the PDF draws it: a white square, then each run of dark modules in a row as
 * one rectangle, all in a single path (no seams between modules) in module units.
 */
function qrItem(item) {
  const modules = Math.max(1, Math.floor(Number(item.modules) || 0));
  const dark = Array.isArray(item.dark) ? item.dark : [];
  const module = Number(item.size) / modules;
  let d = '';
  for (let row = 0; row < modules; row += 1) {
    let col = 0;
    while (col < modules) {
      if (!dark[row * modules + col]) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules && dark[row * modules + col]) col += 1;
      d += `M${start} ${row}h${col - start}v1h${start - col}z`;
    }
  }
  return s('g', { class: 'page-qr' },
    s('rect', { x: n(item.x), y: n(item.y), width: n(item.size), height: n(item.size), fill: '#FFFFFF' }),
    d ? s('path', { d, fill: '#000000', transform: `translate(${n(item.x)} ${n(item.y)}) scale(${n(module) || 0.001})` }) : null);
}

function itemNode(item, images) {
  switch (item?.kind) {
    case 'text': return textItem(item);
    case 'rect': return rectItem(item);
    case 'image': return imageItem(item, images);
    case 'qr': return qrItem(item);
    default: return null;
  }
}

/**
 * One page as an <svg class="page-preview">: the white sheet, then every item in the order
 * the PDF paints them (later items over earlier ones).
 */
export function pageSvg(preview, page, { id = null, label = '' } = {}) {
  const width = n(preview.width);
  const height = n(preview.height);
  const images = Array.isArray(preview.images) ? preview.images : [];
  const svg = s('svg', {
    class: 'page-preview', id, viewBox: `0 0 ${width} ${height}`, width: '100%',
    preserveAspectRatio: 'xMidYMid meet', role: 'group', 'aria-roledescription': 'page', 'aria-label': label || null,
  });
  // CSSOM, not an attribute: keeps the paper's proportions whatever width it is given.
  svg.style.aspectRatio = `${width} / ${height}`;
  svg.appendChild(s('rect', { class: 'page-sheet', x: 0, y: 0, width, height, fill: '#FFFFFF' }));
  const content = s('g', { class: 'page-content' });
  for (const item of page?.items ?? []) {
    const node = itemNode(item, images);
    if (node) content.appendChild(node);
  }
  svg.appendChild(content);
  return svg;
}

/**
 * Where this machine draws a line noticeably wider or narrower than the PDF (no DejaVu Sans
 * here), fits it to the PDF's measured width, so lines end where they end on paper. Lines that
 * already match are left alone: stretching them would only add uneven spacing.
 */
function fitLines(container) {
  for (const line of container.querySelectorAll('text[data-width]')) {
    const wanted = Number(line.dataset.width);
    const natural = line.getComputedTextLength();
    if (natural > 0 && Math.abs(natural - wanted) / wanted > 0.03) {
      line.setAttribute('textLength', String(wanted));
      line.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  }
}

/**
 * Every page of a Preview, each in a <figure> with a "Page N of M" caption. The svg of page N
 * gets the id `${idPrefix}-${N}`. Returns the container (div.page-previews).
 */
export function pagePreviews(preview, { idPrefix = 'page', title = preview?.title ?? 'Document' } = {}) {
  const pages = Array.isArray(preview?.pages) ? preview.pages : [];
  const total = pages.length;
  const container = document.createElement('div');
  container.className = `page-previews${total > 1 ? ' page-previews-many' : ' page-previews-one'}`;
  pages.forEach((page, index) => {
    const number = index + 1;
    const caption = `Page ${number} of ${total}`;
    const figure = document.createElement('figure');
    figure.className = 'page-figure';
    const svg = pageSvg(preview, page, { id: `${idPrefix}-${number}`, label: `${title}, ${caption.toLowerCase()}` });
    const figcaption = document.createElement('figcaption');
    figcaption.className = 'page-caption';
    figcaption.id = `${idPrefix}-${number}-caption`;
    figcaption.textContent = caption;
    figure.append(svg, figcaption);
    container.appendChild(figure);
  });
  // Measured once the caller has put the pages on screen.
  requestAnimationFrame(() => fitLines(container));
  return container;
}
