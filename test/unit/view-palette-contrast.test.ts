/**
 * The timeline's canvas and the DAG's SVG are painted from the palettes in
 * playground/views/colors.ts; axe-core cannot see inside a canvas, so every
 * pair of colours they draw text or bars with is checked here, in both
 * schemes, by WCAG 2.1's contrast ratio: 4.5:1 for text (all of it is under
 * 18 px), 3:1 for the lines and bar edges that carry meaning (1.4.11,
 * non-text contrast). The pairs follow timeline-draw.ts and StageDag.svelte:
 * a pair added there belongs here.
 */
import { expect, test } from 'vitest';
import { PALETTES, PHASES, type Palette, type Scheme } from '../../playground/views/colors';

/** WCAG 2.1 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

interface Pair {
  what: string;
  fg: string;
  bg: string;
  min: 4.5 | 3;
}

function pairs(p: Palette): Pair[] {
  const { ink } = p;
  const text = (what: string, fg: string, bg: string): Pair => ({ what, fg, bg, min: 4.5 });
  const line = (what: string, fg: string, bg: string): Pair => ({ what, fg, bg, min: 3 });
  const out: Pair[] = [];
  // The timeline: gutter and axis text on the background, lane labels and executor marks on the lanes.
  for (const ground of [ink.background, ink.panel]) {
    out.push(text('text', ink.text, ground), text('muted text', ink.muted, ground));
    out.push(line('focus ring', ink.focus, ground), line('playhead', ink.playhead, ground));
    for (const [name, mark] of Object.entries(p.executorMark)) out.push(text(`${name} mark`, mark.color, ground));
    // Task bars stand out from their lane by their outcome colour (the phase view outlines others in it).
    for (const [name, outcome] of Object.entries(p.outcome)) out.push(line(`${name} bar`, outcome.fill, ground));
  }
  // Bar labels: "stage 1 · p3" on every fill a bar can have.
  for (const [name, outcome] of Object.entries(p.outcome))
    out.push(text(`label on a ${name} bar`, name === 'failed' ? p.barInk.onFailed : p.barInk.normal, outcome.fill));
  for (const phase of PHASES) out.push(text(`label on the ${phase} phase`, p.barInk.normal, p.phase[phase].fill));
  // Stage spans on the canvas and stage boxes in the DAG: title, status and progress on the box.
  for (const [name, style] of Object.entries(p.stage)) {
    out.push(text(`${name} stage status`, style.ink, style.fill));
    out.push(text(`${name} stage title`, ink.text, style.fill));
    out.push(text(`${name} stage progress`, ink.muted, style.fill));
    out.push(line(`${name} stage outline`, style.stroke, ink.background));
    // An RDD box sits inside its stage's box.
    out.push(line(`RDD box in a ${name} stage`, p.node.stroke, style.fill));
    out.push(line(`narrow edge in a ${name} stage`, p.edge.narrow.stroke, style.fill));
  }
  // The DAG's RDD boxes, edges and marks.
  out.push(text('RDD operator', ink.text, p.node.fill), text('RDD detail', ink.muted, p.node.fill));
  out.push(text('RDD at the selected line', ink.text, p.edge.highlight.fill));
  out.push(text('RDD detail at the selected line', ink.muted, p.edge.highlight.fill));
  out.push(line('selected RDD outline', p.edge.highlight.stroke, p.node.fill));
  out.push(line('cached mark', p.edge.cached.fill, p.node.fill));
  out.push(line('shuffle edge', p.edge.shuffle.stroke, ink.background));
  out.push(text('shuffle label', p.shuffleLabel.ink, p.shuffleLabel.fill));
  // The views' HTML (titles, legends, toolbars) on the view's own ground.
  out.push(text('pressed button', ink.pressedText, ink.pressed), text('button', ink.text, ink.control));
  out.push(text('live note', ink.live, ink.background));
  return out;
}

for (const scheme of ['light', 'dark'] as Scheme[]) {
  test(`every colour pair the timeline and the DAG draw with passes WCAG AA in ${scheme}`, () => {
    const palette = PALETTES[scheme];
    const failing = pairs(palette)
      .map((pair) => ({ ...pair, ratio: Math.round(contrast(pair.fg, pair.bg) * 100) / 100 }))
      .filter((pair) => pair.ratio < pair.min)
      .map((pair) => `${pair.what}: ${pair.fg} on ${pair.bg} is ${pair.ratio}:1 (needs ${pair.min}:1)`);
    expect(failing).toEqual([]);
  });
}

test('the dark palette is dark and the light one light: text is lighter than its ground only in dark', () => {
  expect(luminance(PALETTES.dark.ink.background)).toBeLessThan(0.05);
  expect(luminance(PALETTES.dark.ink.text)).toBeGreaterThan(luminance(PALETTES.dark.ink.background));
  expect(luminance(PALETTES.light.ink.background)).toBeGreaterThan(0.8);
  expect(luminance(PALETTES.light.ink.text)).toBeLessThan(luminance(PALETTES.light.ink.background));
});

test('the contrast ratio is WCAG’s: black on white is 21:1, a colour on itself 1:1', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#777777', '#777777')).toBe(1);
  // #767676 on white is the well-known lightest grey that passes AA for text.
  expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
});
