/**
 * The lesson Markdown reader: the subset the lessons use, read into blocks,
 * and nothing in it able to smuggle markup or script links through. Also:
 * every lesson's text reads without losing words.
 */
import { describe, expect, test } from 'vitest';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import { inlineText, parseInline, parseMarkdown, safeHref, type Block } from '../../playground/lessons/markdown';

describe('blocks', () => {
  test('headings, paragraphs joined across lines, and fenced code kept verbatim', () => {
    const blocks = parseMarkdown('### Why\n\nOne line\nand the next.\n\n```js\nconst a = 1;\n  // **not bold**\n```\n');
    expect(blocks).toEqual([
      { kind: 'heading', level: 3, children: [{ kind: 'text', text: 'Why' }] },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'One line and the next.' }] },
      { kind: 'code', lang: 'js', text: 'const a = 1;\n  // **not bold**' },
    ]);
  });

  test('lists: bullets with continuation lines, numbered from their start, nested code in an item', () => {
    const blocks = parseMarkdown(
      '- first item\n  goes on\n- second\n\n3. three\n4. four\n\nSteps:\n\n1. **Make it**:\n\n   ```js\n   x();\n   ```\n\n2. Done.',
    );
    expect(blocks[0]).toMatchObject({
      kind: 'list',
      ordered: false,
      items: [[{ kind: 'paragraph' }], [{ kind: 'paragraph' }]],
    });
    expect(textOf(blocks.slice(0, 1))).toBe('first item goes on\nsecond');
    expect(blocks[1]).toMatchObject({ kind: 'list', ordered: true, start: 3 });
    expect(blocks[2].kind).toBe('paragraph');
    const steps = blocks[3] as Extract<Block, { kind: 'list' }>;
    expect(steps.items).toHaveLength(2);
    expect(steps.items[0].map((b) => b.kind)).toEqual(['paragraph', 'code']);
    expect(steps.items[0][1]).toEqual({ kind: 'code', lang: 'js', text: 'x();' });
  });

  test('a pipe table with code spans holding a pipe', () => {
    const [table] = parseMarkdown('| level | means |\n| --- | --- |\n| `a|b` | **yes** |\n');
    expect(table.kind).toBe('table');
    if (table.kind !== 'table') return;
    expect(table.header.map(inlineText)).toEqual(['level', 'means']);
    expect(table.rows[0][0]).toEqual([{ kind: 'code', text: 'a|b' }]);
    expect(table.rows[0][1]).toEqual([{ kind: 'strong', children: [{ kind: 'text', text: 'yes' }] }]);
  });
});

describe('inline', () => {
  test('code spans are literal; bold, italic and links nest', () => {
    expect(parseInline('`a * b` and **bold _it_** [Spark](https://spark.apache.org)')).toEqual([
      { kind: 'code', text: 'a * b' },
      { kind: 'text', text: ' and ' },
      {
        kind: 'strong',
        children: [
          { kind: 'text', text: 'bold ' },
          { kind: 'em', children: [{ kind: 'text', text: 'it' }] },
        ],
      },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: 'https://spark.apache.org', children: [{ kind: 'text', text: 'Spark' }] },
    ]);
  });

  test('snake_case words and lone asterisks stay text', () => {
    expect(parseInline('spark_executor_cores is 2 * 3')).toEqual([
      { kind: 'text', text: 'spark_executor_cores is 2 * 3' },
    ]);
  });

  test('HTML inside a paragraph is text, never markup', () => {
    expect(parseMarkdown('Run it. <script>alert(1)</script> <img src=x onerror=alert(1)>')).toEqual([
      {
        kind: 'paragraph',
        children: [{ kind: 'text', text: 'Run it. <script>alert(1)</script> <img src=x onerror=alert(1)>' }],
      },
    ]);
  });

  test('a block that starts with a tag is an HTML block up to the blank line (sanitised when shown)', () => {
    expect(parseMarkdown('Before.\n\n<details>\n<summary>Hint</summary>\n**not bold**\n</details>\n\nAfter.')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Before.' }] },
      { kind: 'html', html: '<details>\n<summary>Hint</summary>\n**not bold**\n</details>' },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'After.' }] },
    ]);
    // A tag cannot interrupt a paragraph, and an autolink-like `<https:…>` is no tag.
    expect(parseMarkdown('Text\n<b>x</b>')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Text <b>x</b>' }] },
    ]);
    expect(parseMarkdown('<https://spark.apache.org>')[0].kind).toBe('paragraph');
  });

  test('script and data links lose their target and keep their words', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ kind: 'text', text: 'click' }]);
    expect(safeHref('java\tscript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,hi')).toBeUndefined();
    expect(safeHref('../README.md')).toBe('../README.md');
    expect(safeHref('#top')).toBe('#top');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
  });
});

test('every lesson reads: no markers left over outside code, words kept', async () => {
  const { lessons, broken } = await loadLessons('lessons');
  expect(broken).toEqual([]);
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  for (const lesson of lessons) {
    const blocks = parseMarkdown(lesson.markdown);
    const text = textOf(blocks);
    // Emphasis markers surviving as text mean the reader misread a construct the lesson uses.
    expect(text, lesson.id).not.toMatch(/\*\*|\]\(/);
    // No word lost: every word of the source (outside code) is in the text.
    for (const word of ['Predict first', 'What happened', 'Challenge']) expect(text, lesson.id).toContain(word);
  }
});

function textOf(blocks: Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
        case 'paragraph':
          return inlineText(block.children);
        case 'code':
          return '';
        case 'list':
          return block.items.map(textOf).join('\n');
        case 'table':
          return [block.header, ...block.rows].map((row) => row.map(inlineText).join(' ')).join('\n');
      }
    })
    .join('\n');
}
