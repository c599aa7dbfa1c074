/**
 * The HTML a lesson may carry, cut down by DOMPurify before it reaches the
 * page. A teacher's course is untrusted text (anyone can publish one and send
 * a `?course=` link), so its HTML blocks keep only elements that shape text —
 * `<details>`, `<kbd>`, `<sup>`, tables, images, links — and nothing that runs
 * or reaches out on its own: no script, style, form, frame, SVG or MathML, no
 * event handler, no `style`, `class` or `id` (which could dress a block up as
 * Kindling's own controls or clobber the page's globals), and URLs only over
 * http(s), mailto or relative to the page.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'var',
];

const ALLOWED_ATTR = [
  'alt',
  'colspan',
  'height',
  'href',
  'lang',
  'open',
  'rowspan',
  'scope',
  'src',
  'start',
  'title',
  'width',
];

/** http(s) and mailto; anything without a scheme is relative to the page. */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

let purifier: ReturnType<typeof DOMPurify> | undefined;

function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  // A link out opens beside the lesson, as Markdown links do, and gives the other site no handle on this page.
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && /^https?:/i.test(node.getAttribute('href') ?? '')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return purifier;
}

/**
 * A lesson's HTML block as markup that is safe to insert. `imageSrc` gives
 * each image's address to use instead of the one written (a course's image
 * from this browser's copy), or undefined for none yet.
 *
 * @example
 * sanitizeLessonHtml('<details><summary>Hint</summary><img src=x onerror=alert(1)></details>');
 * // '<details><summary>Hint</summary><img src="x"></details>'
 */
export function sanitizeLessonHtml(html: string, imageSrc?: (src: string) => string | undefined): string {
  const clean = sanitize(html);
  if (!imageSrc || !/<img\b/i.test(clean)) return clean;
  const template = document.createElement('template');
  // Markup DOMPurify returned: parsing it again in an inert template runs nothing.
  template.innerHTML = clean;
  for (const img of template.content.querySelectorAll('img[src]')) {
    const src = imageSrc(img.getAttribute('src') ?? '');
    if (src === undefined) img.removeAttribute('src');
    else img.setAttribute('src', src);
  }
  return template.innerHTML;
}

function sanitize(html: string): string {
  return purify().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
  });
}
