/**
 * A small Markdown reader for lesson text: headings, paragraphs, lists,
 * fenced code, pipe tables, code spans, bold, italic, links, images and HTML
 * blocks. It returns a tree of plain data that `Markdown.svelte` renders as
 * elements; links only keep http(s), mailto, in-page and relative targets,
 * images only http(s) and relative ones. The one
 * place markup comes through is an HTML block (a block whose first line
 * starts with a tag, up to the next blank line, as CommonMark reads one),
 * which `Markdown.svelte` inserts only after DOMPurify has cut it down to
 * harmless elements (sanitize.ts). HTML inside a paragraph is shown as text.
 */

/** A run of text inside a block. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] }
  /** `![alt](src)`: `src` as written (relative to the lesson's folder in a course, see Markdown.svelte). */
  | { kind: 'image'; src: string; alt: string };

/** A block of a Markdown document. */
export type Block =
  | { kind: 'heading'; level: number; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  /** Raw HTML from the lesson, not yet sanitised: render it only through `sanitizeLessonHtml`. */
  | { kind: 'html'; html: string };

const FENCE = /^(\s*)(```+|~~~+)\s*([\w-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
/** An HTML block's first line: up to three spaces, then an opening or closing tag, or a comment. */
const HTML_START = /^ {0,3}(<\/?[A-Za-z][A-Za-z0-9-]*(\s|\/?>|$)|<!--)/;

/**
 * Reads Markdown into blocks.
 *
 * @example
 * parseMarkdown('# Hi\n\nSome `code`.');
 * // [{ kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Hi' }] },
 * //  { kind: 'paragraph', children: [{ kind: 'text', text: 'Some ' }, { kind: 'code', text: 'code' }, …] }]
 */
export function parseMarkdown(markdown: string): Block[] {
  return parseBlocks(markdown.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent, marker, lang] = fence;
      const body: string[] = [];
      i++;
      while (
        i < lines.length &&
        !(lines[i].trim().startsWith(marker[0].repeat(marker.length)) && lines[i].trim().replace(/[`~]/g, '') === '')
      ) {
        body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i].trimStart());
        i++;
      }
      i++; // the closing fence (or the end of the text, for an unclosed one)
      blocks.push({ kind: 'code', lang, text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length, children: parseInline(heading[2]) });
      i++;
      continue;
    }
    if (line.trim().startsWith('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1])) {
      const header = splitRow(line);
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && lines[i].trim().startsWith('|')) {
        rows.push(splitRow(lines[i]));
        i++;
      }
      blocks.push({ kind: 'table', header, rows });
      continue;
    }
    if (HTML_START.test(line)) {
      // Like CommonMark's HTML blocks of kinds 6 and 7: the block runs to the next blank line.
      const html: string[] = [];
      while (i < lines.length && lines[i].trim() !== '') html.push(lines[i++]);
      blocks.push({ kind: 'html', html: html.join('\n') });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const next = readList(lines, i);
      blocks.push(next.list);
      i = next.end;
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines, i)) {
      paragraph.push(lines[i].trim());
      i++;
    }
    blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

function startsBlock(lines: string[], i: number): boolean {
  const line = lines[i];
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    LIST_ITEM.test(line) ||
    (line.trim().startsWith('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]))
  );
}

/** A list starting at line `start`: items at its indent; deeper-indented lines belong to the item above. */
function readList(lines: string[], start: number): { list: Block; end: number } {
  const first = LIST_ITEM.exec(lines[start]);
  if (!first) throw new Error('readList called on a line that is not a list item');
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    const item = LIST_ITEM.exec(line);
    if (item && item[1].length === indent && /\d/.test(item[2]) === ordered) {
      items.push([item[3]]);
      i++;
      continue;
    }
    const lineIndent = line.length - line.trimStart().length;
    if (line.trim() === '') {
      // A blank line continues the item only if the next text is indented under it.
      const nextText = lines.slice(i + 1).find((l) => l.trim() !== '');
      if (nextText === undefined) break;
      const nextItem = LIST_ITEM.exec(nextText);
      if (nextItem && nextItem[1].length === indent && /\d/.test(nextItem[2]) === ordered) {
        i++;
        continue;
      }
      if (nextText.length - nextText.trimStart().length <= indent) break;
      items[items.length - 1].push('');
      i++;
      continue;
    }
    if (lineIndent > indent) {
      items[items.length - 1].push(line);
      i++;
      continue;
    }
    break;
  }
  const contentIndent = indent + 2;
  return {
    list: {
      kind: 'list',
      ordered,
      start: ordered ? Number.parseInt(first[2], 10) : 1,
      items: items.map(([head, ...rest]) => {
        const body = rest.map((l) => dedent(l, contentIndent));
        // An item's continuation lines that are plain text join its first paragraph.
        return parseBlocks([head, ...body]);
      }),
    },
    end: i,
  };
}

function dedent(line: string, amount: number): string {
  const spaces = line.length - line.trimStart().length;
  return line.slice(Math.min(spaces, amount));
}

function splitRow(line: string): Inline[][] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < row.length; i++) {
    const char = row[i];
    if (char === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '`') {
      inCode = !inCode;
      cell += char;
    } else if (char === '|' && !inCode) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells.map((c) => parseInline(c.trim()));
}

/**
 * Reads the inline part of a block: code spans first (nothing inside them is
 * Markdown), then links, bold and italic. Line breaks inside a paragraph become spaces.
 *
 * @example
 * parseInline('**bold** and [a link](https://spark.apache.org)');
 */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain !== '') out.push({ kind: 'text', text: plain.replace(/\s*\n\s*/g, ' ') });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length && /[\\`*_[\]()#|!-]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (char === '`') {
      const ticks = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = text.indexOf(ticks, i + ticks.length);
      if (close !== -1) {
        flush();
        const code = text.slice(i + ticks.length, close).replace(/\n/g, ' ');
        // CommonMark: one space either side is padding when the span has other characters.
        const trimmed = /^ .*[^ ].* $/.test(code) ? code.slice(1, -1) : code;
        out.push({ kind: 'code', text: trimmed });
        i = close + ticks.length;
        continue;
      }
    }
    if (char === '!' && text[i + 1] === '[') {
      const image = readLink(text, i + 1);
      if (image) {
        flush();
        const src = safeHref(image.href);
        const alt = inlineText(parseInline(image.label));
        // An image from a scheme that is not the web's (data:, mailto:) is shown as its words.
        if (src === undefined || /^mailto:/i.test(src)) out.push({ kind: 'text', text: alt });
        else out.push({ kind: 'image', src, alt });
        i = image.end;
        continue;
      }
    }
    if (char === '[') {
      const link = readLink(text, i);
      if (link) {
        flush();
        const children = parseInline(link.label);
        const href = safeHref(link.href);
        if (href === undefined) out.push(...children);
        else out.push({ kind: 'link', href, children });
        i = link.end;
        continue;
      }
    }
    if (char === '*' || char === '_') {
      const double = text[i + 1] === char;
      const marker = double ? char + char : char;
      const close = findClose(text, i + marker.length, marker);
      const wordInside = char === '_' && /\w/.test(text[i - 1] ?? '');
      if (close !== -1 && !wordInside && !/\s/.test(text[i + marker.length] ?? ' ')) {
        flush();
        const children = parseInline(text.slice(i + marker.length, close));
        out.push(double ? { kind: 'strong', children } : { kind: 'em', children });
        i = close + marker.length;
        continue;
      }
    }
    plain += char;
    i++;
  }
  flush();
  return out;
}

/** The end of an emphasis opened with `marker`: not inside a code span, not preceded by white space. */
function findClose(text: string, from: number, marker: string): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '`') {
      const close = text.indexOf('`', i + 1);
      if (close === -1) return -1;
      i = close + 1;
      continue;
    }
    if (text.startsWith(marker, i) && !/\s/.test(text[i - 1]) && i > from) {
      // `**` must not be read as the end of a single `*` emphasis.
      if (marker.length === 1 && text[i + 1] === marker) {
        const end = findClose(text, i + 2, marker + marker);
        if (end === -1) return -1;
        i = end + 2;
        continue;
      }
      if (marker === '_' && /\w/.test(text[i + 1] ?? '')) {
        i++;
        continue;
      }
      return i;
    }
    i++;
  }
  return -1;
}

function readLink(text: string, start: number): { label: string; href: string; end: number } | undefined {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  if (depth !== 0 || text[i + 1] !== '(') return undefined;
  // The target may hold balanced parentheses: `[x](https://en.wikipedia.org/wiki/Spark_(software))`.
  let close = i + 2;
  for (let open = 1; close < text.length; close++) {
    if (text[close] === '(') open++;
    else if (text[close] === ')' && --open === 0) break;
  }
  if (close >= text.length) return undefined;
  const href =
    text
      .slice(i + 2, close)
      .trim()
      .split(/\s+/)[0] ?? '';
  return { label: text.slice(start + 1, i), href, end: close + 1 };
}

/**
 * The link target if it is safe to follow: http(s), mailto, in-page (`#…`) or
 * a relative path. `javascript:`, `data:` and other schemes give `undefined`.
 *
 * @example
 * safeHref('https://spark.apache.org'); // 'https://spark.apache.org'
 * safeHref('javascript:alert(1)'); // undefined
 */
export function safeHref(href: string): string | undefined {
  // Browsers ignore tabs, newlines and leading control characters in a scheme: so must we.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be stripped
  const cleaned = href.replace(/[\u0000-\u0020\u007f]/g, '');
  if (cleaned === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (!scheme) return cleaned;
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()) ? cleaned : undefined;
}

/**
 * The plain text of inline content (for labels and titles).
 *
 * @example
 * inlineText(parseInline('Run `count()`')); // 'Run count()'
 */
export function inlineText(inline: readonly Inline[]): string {
  return inline
    .map((part) => ('text' in part ? part.text : 'alt' in part ? part.alt : inlineText(part.children)))
    .join('');
}
