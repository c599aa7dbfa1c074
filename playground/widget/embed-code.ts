/**
 * The two ways to embed a program, as the HTML a docs author pastes: the
 * script tag with a <kindling-playground> element, and the iframe of
 * embed.html. The Share menu copies them; a widget that cannot run on a page
 * offers the iframe form ready to copy.
 */
import type { WidgetOptions } from './options';

/** What the code embeds: the deployed build's root URL, the options, and the program's share hash (`share=1.…`). */
export interface EmbedTarget {
  /** The folder holding index.html, embed.html and widget/ (ends in `/`). */
  buildRoot: string;
  options: WidgetOptions;
  program: string;
  /** The program and cluster as a share link's hash, without `#`. */
  shareHash: string;
}

/** The iframe's height when the host page does not listen to its size messages. */
export const IFRAME_DEFAULT_HEIGHT = 480;

/**
 * The script-tag form. The program sits in a `<script type="text/kindling">`
 * so HTML formatters leave it alone; `</script` inside it is escaped.
 *
 * @example
 * scriptEmbedCode({ buildRoot: 'https://example.org/kindling/', options, program, shareHash })
 * // '<script defer src="https://example.org/kindling/widget/kindling-playground.js"></script>\n<kindling-playground …'
 */
export function scriptEmbedCode(target: EmbedTarget): string {
  const attributes = optionParts(target.options)
    .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${value}"`))
    .join('');
  const program = target.program.replace(/<\/script/gi, '<\\/script');
  return (
    `<script defer src="${target.buildRoot}widget/kindling-playground.js"></script>\n` +
    `<kindling-playground${attributes}><script type="text/kindling">\n${program}\n</script></kindling-playground>`
  );
}

/**
 * The iframe form: options in the query, program and cluster in the hash. It
 * is {@link IFRAME_DEFAULT_HEIGHT} px tall (the widget scrolls inside); the
 * optional second part lets the iframe take its content's height.
 *
 * @example
 * iframeEmbedCode(target) // '<iframe src="https://example.org/kindling/embed.html?mode=editor#share=1.…" …></iframe>'
 */
export function iframeEmbedCode(target: EmbedTarget, resizeListener = true): string {
  const query = new URLSearchParams(optionParts(target.options).map(([name, value]) => [name, value || 'on']));
  const src = `${target.buildRoot}embed.html?${query}#${target.shareHash}`;
  const frame =
    `<iframe src="${escapeAttribute(src)}" title="Kindling: a Spark program you can run" ` +
    `style="width: 100%; height: ${IFRAME_DEFAULT_HEIGHT}px; border: 0" loading="lazy"></iframe>`;
  return resizeListener ? `${frame}\n${RESIZE_LISTENER}` : frame;
}

/**
 * The opt-in half of the resize protocol: embed.html posts
 * `{ type: 'kindling:resize', height }` to its parent whenever its content's
 * height changes; this sets the posting iframe's height. A page may leave it
 * out (the iframe keeps its fixed height) or handle the message itself.
 */
export const RESIZE_LISTENER =
  '<script>addEventListener("message", (e) => { if (e.data?.type !== "kindling:resize") return; ' +
  'for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px"; });</script>';

/** The options that differ from the defaults, as attribute name and value (`''` for a bare flag). */
function optionParts(options: WidgetOptions): [string, string][] {
  const parts: [string, string][] = [['mode', options.mode]];
  if (options.dag) parts.push(['dag', '']);
  if (options.timeline) parts.push(['timeline', '']);
  if (options.height) parts.push(['height', options.height.replace(/px$/, '')]);
  if (options.executors !== 2) parts.push(['executors', String(options.executors)]);
  if (options.cores !== 2) parts.push(['cores', String(options.cores)]);
  if (options.theme) parts.push(['theme', options.theme]);
  if (options.lang === 'python') parts.push(['lang', 'python']);
  return parts;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
