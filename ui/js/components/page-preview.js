// The pages of a printed document, drawn as SVG from the core's display list (print/mod.rs
// Preview): the very items that become the PDF, in millimetres from each page's top-left
// corner. One <svg class="page-preview"> per page, its viewBox the sheet in millimetres (the
// paper, or for a print shop the paper with its bleed and crop marks), so that the page scales
// to whatever width the layout gives it and keeps its proportions.
//
// Built node by node with createElementNS (never parsed markup); colours are SVG attributes
// (the content-security policy refuses inline style attributes). The page itself stays white
// paper in both themes: it shows what comes out of the printer.
//
// Text is drawn in the very fonts the PDF embeds (DejaVu Sans, served from ui/fonts by
// css/print.css as "PeerDesk Page"), each word where the PDF puts it, in tenths of a
// millimetre (see TEXT_UNITS_PER_MM). Once the fonts have loaded, a line still drawn wider
// than on paper is narrowed as a whole; nothing is ever spaced out.

import { svg } from '../dom.js';

const XLINK = 'http://www.w3.org/1999/xlink';

/** Points to millimetres (1 pt = 1/72 in): the PDF sets text sizes in points. */
export const PT_TO_MM = 25.4 / 72;
/**
 * The face the PDF embeds, under a name of its own (css/print.css) so that a different
 * version installed on the machine is never used in its place.
 */
export const PAGE_FONT = '"PeerDesk Page", sans-serif';

let fontsReady = null;

/**
 * Resolves once the page fonts (regular and bold) have loaded, or have failed to: drawing
 * goes on either way, in the fallback face. Asked once for the whole session.
 */
export function pageFontsReady() {
  if (!fontsReady) {
    const faces = document.fonts
      ? Promise.all(['16px "PeerDesk Page"', 'bold 16px "PeerDesk Page"'].map((face) => document.fonts.load(face)))
      : Promise.resolve();
    fontsReady = faces.catch(() => undefined);
  }
  return fontsReady;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

const s = svg;

/** A coordinate short enough to read in the DOM, exact enough for the page (µm). */
function n(value) {
  const number = Number(value);
  return Number.isFinite(number) ? Number(number.toFixed(3)) : 0;
}

/** The item's colour, or black (as the PDF draws anything that is not a six-digit colour code). */
function ink(color) {
  return COLOR.test(String(color ?? '')) ? color : '#000000';
}

/**
 * Text is laid out in tenths of a millimetre and scaled down to the page's millimetres: WebKit
 * rounds each glyph's advance at the font size in user units, and at 3 units (a 9-point line in
 * millimetres) that rounding spaced letters apart ("E v e r y o n e") and ran words together.
 */
const TEXT_UNITS_PER_MM = 10;
const TEXT_SCALE = `scale(${1 / TEXT_UNITS_PER_MM})`;

/** Millimetres in the text's own units. */
function t(mm) {
  return n(Number(mm) * TEXT_UNITS_PER_MM);
}

/**
 * The words of a line, each where the PDF puts it (`item.words`, mm from the line's start):
 * drawn as one run, small type on screen loses its spaces ("whodoes"). Without the offsets,
 * or when they do not match the words, the line is one run.
 */
function placedWords(item) {
  const text = String(item.text ?? '');
  const words = text.split(' ').filter((word) => word !== '');
  const starts = Array.isArray(item.words) ? item.words.map(Number) : [];
  if (words.length < 2 || starts.length !== words.length || !starts.every(Number.isFinite)) return text;
  // The spaces stay in the text (what is read out and copied), each before a placed word.
  return words.flatMap((word, index) => [index ? ' ' : null, s('tspan', { x: t(Number(item.x) + starts[index]) }, word)]);
}

function textItem(item) {
  return s('text', {
    x: t(item.x),
    y: t(item.y),
    transform: TEXT_SCALE,
    'font-size': t(Number(item.size) * PT_TO_MM),
    'font-weight': item.bold ? 'bold' : 'normal',
    'font-family': PAGE_FONT,
    fill: ink(item.color),
    // The core sends each line in drawing order (Arabic already joined and reversed), as the
    // PDF draws it: the window must not reorder it again.
    direction: 'ltr',
    'unicode-bidi': 'bidi-override',
    'data-width': Number(item.width) > 0 ? t(item.width) : null,
  }, placedWords(item));
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
  // A print shop's sheet: the page with its bleed and crop marks around it.
  const outside = Math.max(0, n(preview.outside));
  const sheetWidth = n(width + 2 * outside);
  const sheetHeight = n(height + 2 * outside);
  const images = Array.isArray(preview.images) ? preview.images : [];
  const svg = s('svg', {
    class: `page-preview${outside > 0 ? ' page-preview-sheet' : ''}`, id,
    viewBox: `${-outside} ${-outside} ${sheetWidth} ${sheetHeight}`, width: '100%',
    preserveAspectRatio: 'xMidYMid meet', role: 'group', 'aria-roledescription': 'page', 'aria-label': label || null,
    'data-width-mm': sheetWidth,
  });
  // CSSOM, not an attribute: keeps the paper's proportions whatever width it is given.
  svg.style.aspectRatio = `${sheetWidth} / ${sheetHeight}`;
  svg.appendChild(s('rect', { class: 'page-sheet', x: -outside, y: -outside, width: sheetWidth, height: sheetHeight, fill: '#FFFFFF' }));
  const content = s('g', { class: 'page-content' });
  for (const item of page?.items ?? []) {
    const node = itemNode(item, images);
    if (node) content.appendChild(node);
  }
  svg.appendChild(content);
  return svg;
}

/**
 * The safety net, once the fonts have loaded: a line this window still draws wider than the
 * PDF (a character from a face it lacks, or the page font failed to load) is narrowed as a
 * whole, glyphs and spaces alike, about its start, so it never runs past where it ends on
 * paper. Nothing is ever widened, and spaces are never squeezed on their own: WebKit's
 * textLength adjustment did that ("whodoes"), which is why it is not used.
 */
function narrowWideLines(container) {
  for (const line of container.querySelectorAll('text[data-width]')) {
    const wanted = Number(line.dataset.width);
    const x = Number(line.getAttribute('x')) || 0;
    // A line of placed words ends where its last word ends.
    const last = line.querySelector('tspan:last-of-type');
    const natural = last ? Number(last.getAttribute('x')) - x + last.getComputedTextLength() : line.getComputedTextLength();
    if (natural > 0 && wanted > 0 && natural > wanted * 1.01) {
      const scale = n(wanted / natural);
      line.setAttribute('transform', `${TEXT_SCALE} translate(${x} 0) scale(${scale} 1) translate(${-x} 0)`);
      line.dataset.narrowed = String(scale);
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
  // Measured once the page fonts have loaded and the caller has put the pages on screen.
  pageFontsReady().then(() => requestAnimationFrame(() => {
    if (container.isConnected) narrowWideLines(container);
  }));
  return container;
}
