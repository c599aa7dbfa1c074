/**
 * A lesson's HTML blocks (a teacher's course is untrusted) keep the elements
 * that shape text and lose everything that could run, reach out on its own
 * or pass for Kindling's own controls — checked on a real DOM, where DOMPurify
 * does its work.
 */
import { expect, test } from 'vitest';
import { sanitizeLessonHtml } from '../../playground/lessons/sanitize';

function parsed(html: string): HTMLElement {
  const box = document.createElement('div');
  box.innerHTML = sanitizeLessonHtml(html);
  return box;
}

test('text-shaping elements stay', () => {
  const box = parsed(
    '<details open><summary>Hint</summary><p>Press <kbd>Shift</kbd>, x<sup>2</sup></p><table><tr><td colspan="2">a</td></tr></table></details>',
  );
  expect(box.querySelector('details')?.hasAttribute('open')).toBe(true);
  expect(box.querySelector('summary')?.textContent).toBe('Hint');
  expect(box.querySelector('kbd')?.textContent).toBe('Shift');
  expect(box.querySelector('sup')?.textContent).toBe('2');
  expect(box.querySelector('td')?.getAttribute('colspan')).toBe('2');
});

test('scripts, handlers, styles, forms, frames and SVG go; their words stay or go with them', () => {
  const box = parsed(
    '<script>window.x = 1</script><img src="a.png" alt="" onerror="window.x = 2"><style>body{display:none}</style>' +
      '<form action="https://evil.example"><input name="p"><button>Log in</button></form><iframe src="https://evil.example"></iframe>' +
      '<svg><script>window.x = 3</script></svg><p style="position:fixed" class="primary" id="app" onclick="window.x = 4">words</p>',
  );
  expect(box.querySelectorAll('script, style, form, input, button, iframe, svg')).toHaveLength(0);
  const img = box.querySelector('img');
  expect(img?.getAttribute('src')).toBe('a.png');
  expect(img?.getAttributeNames().sort()).toEqual(['alt', 'src']);
  const p = box.querySelector('p');
  expect(p?.getAttributeNames()).toEqual([]);
  expect(p?.textContent).toBe('words');
  expect(box.textContent).not.toContain('window.x');
});

test('links keep http(s), mailto and relative targets; others lose theirs; links out open apart', () => {
  const box = parsed(
    '<a href="javascript:alert(1)">a</a><a href="data:text/html,hi">b</a><a href="https://spark.apache.org/">c</a>' +
      '<a href="../notes.html">d</a><a href="mailto:t@example.org">e</a><img src="javascript:alert(1)">',
  );
  const links = [...box.querySelectorAll('a')];
  expect(links.map((a) => a.getAttribute('href'))).toEqual([
    null,
    null,
    'https://spark.apache.org/',
    '../notes.html',
    'mailto:t@example.org',
  ]);
  expect(links[2].getAttribute('target')).toBe('_blank');
  expect(links[2].getAttribute('rel')).toBe('noopener noreferrer');
  expect(links[3].hasAttribute('target')).toBe(false);
  expect(box.querySelector('img')?.hasAttribute('src')).toBe(false);
});

test("a course's images are shown from the address given for each (this browser's copy), after the sanitiser ran", () => {
  const shown = sanitizeLessonHtml(
    '<p><img src="../images/plan.png" alt="plan" onerror="window.x = 5"><img src="https://example.org/a.png" alt="a"><img src="gone.png" alt="g"></p>',
    (src) => (src === '../images/plan.png' ? 'blob:kindling/123' : src === 'gone.png' ? undefined : src),
  );
  const box = document.createElement('div');
  box.innerHTML = shown;
  expect([...box.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([
    'blob:kindling/123',
    'https://example.org/a.png',
    null,
  ]);
  expect(shown).not.toContain('onerror');
});
