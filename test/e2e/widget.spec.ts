/**
 * The embed widget on pages like a docs author's: the README's snippet as
 * written, every mode with and without a height from 320 to 1600 px, the
 * iframe route and its resize protocol, a script from another origin (with
 * and without CORS), a page that refuses workers, and the theme. `dist/` is
 * built by the Playwright web server before any test runs; the pages here are
 * served by plain static servers on two ports (two origins).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { DIST, serveSite, type Site } from './static-site';

const RUN_TIMEOUT = 45_000;
const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The README's widget snippet, exactly as a docs author copies it. */
function readmeSnippet(): string {
  const from = README.indexOf('To embed a program in a documentation page');
  const match = /```html\n([\s\S]*?)```/.exec(README.slice(from));
  if (!match) throw new Error('README.md has no html snippet after "To embed a program"');
  return match[1];
}

const PROGRAM = `const words = sc.parallelize(['a b', 'b c', 'c a', 'a a'], 2);
const counts = words.flatMap((l) => l.split(' ')).map((w) => [w, 1]).reduceByKey((x, y) => x + y);
console.log('counts', JSON.stringify((await counts.collect()).sort()));
for (let i = 0; i < 8; i++) console.log('line', i);`;

function htmlPage(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head>
<body style="margin: 0 auto; max-width: 100%; padding: 8px; font: 16px Georgia, serif">${body}</body></html>`;
}

function widget(attributes: string, program = PROGRAM): string {
  return `<kindling-playground ${attributes}><script type="text/kindling">\n${program}\n</script></kindling-playground>`;
}

const SCRIPT = '<script defer src="/kindling/widget/kindling-playground.js"></script>';

let site: Site;
let other: Site;

test.beforeAll(async () => {
  const modes = ['editor', 'output', 'readonly'];
  const everyMode = modes
    .flatMap((mode) => [widget(`mode="${mode}" dag timeline height="300"`), widget(`mode="${mode}" dag timeline`)])
    .join('\n<p>Between widgets.</p>\n');
  const frameSrc = `/kindling/embed.html?mode=editor&dag=on&timeline=on&program=${encodeURIComponent(PROGRAM)}`;
  site = await serveSite({
    folders: { '/kindling/': DIST },
    pages: {
      '/docs/readme.html': htmlPage('README snippet', `<h1>Docs</h1>\n${readmeSnippet()}\n<p>After the widget.</p>`),
      '/docs/modes.html': htmlPage('Every mode', everyMode, SCRIPT),
      '/docs/iframe.html': htmlPage(
        'Iframes',
        `<iframe id="fixed" src="${frameSrc}" style="width: 100%; height: 480px; border: 0"></iframe>
<iframe id="sized" src="${frameSrc}" style="width: 100%; height: 480px; border: 0"></iframe>
<script>addEventListener('message', (e) => { if (e.data?.type !== 'kindling:resize') return;
  const f = document.getElementById('sized'); if (f.contentWindow === e.source) f.style.height = e.data.height + 'px'; });</script>`,
      ),
      '/docs/no-workers.html': {
        body: htmlPage('No workers', widget('mode="output"'), SCRIPT),
        headers: { 'content-security-policy': "worker-src 'none'" },
      },
      '/docs/themes.html': htmlPage(
        'Themes',
        `<div id="light-page" style="background: #fff; color: #111; padding: 4px">
  ${widget('id="follows-light" mode="readonly"', 'console.log(1);')}
  ${widget('id="forced-dark" mode="readonly" theme="dark"', 'console.log(2);')}
</div>
<div id="dark-page" style="background: #121212; color: #eee; padding: 4px">
  ${widget('id="follows-dark" mode="readonly"', 'console.log(3);')}
</div>`,
        SCRIPT,
      ),
      '/docs/dark-scheme.html': htmlPage(
        'Dark scheme',
        `${widget('id="scheme-dark" mode="readonly"', 'console.log(4);')}
${widget('id="scheme-forced-light" mode="readonly" theme="light"', 'console.log(5);')}`,
        `${SCRIPT}<style>:root { color-scheme: dark; }</style>`,
      ),
    },
  });
  // A second origin: the same build, with CORS under /kindling/ and without under /plain/kindling/.
  other = await serveSite({
    folders: { '/kindling/': DIST, '/plain/kindling/': DIST },
    corsPrefixes: ['/kindling/'],
  });
});

test.afterAll(async () => {
  await site.close();
  await other.close();
});

/** The rectangles of a widget's parts (in its shadow root), and of the widget itself. */
async function parts(widgetElement: Locator) {
  return widgetElement.evaluate((element) => {
    const root = element.shadowRoot!;
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const named = (selector: string, name: string) =>
      [...root.querySelectorAll(selector)].map((el) => ({ name, ...box(el) }));
    return {
      widget: box(root.querySelector('.widget')!),
      parts: [
        ...named('.bar', 'buttons'),
        ...named('.cm-editor', 'editor'),
        ...named('pre.program', 'program'),
        ...named('section.output', 'output'),
        ...named('section.view', 'view'),
        ...named('.failure', 'failure'),
      ],
    };
  });
}

/** No two parts of the widget overlap, and none sticks out sideways (measured once the layout stops moving). */
async function expectLaidOut(widgetElement: Locator, label: string): Promise<void> {
  // The DAG lays out in a worker and the editor measures itself: wait until two looks 300 ms apart agree.
  let last = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await parts(widgetElement));
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [300] },
    )
    .toBe(true);
  const { widget: outer, parts: boxes } = await parts(widgetElement);
  expect(boxes.length, `${label}: parts found`).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    expect(a.right, `${label}: ${a.name} stays inside the widget`).toBeLessThanOrEqual(outer.right + 0.5);
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j];
      const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      expect(overlapX > 0.5 && overlapY > 0.5, `${label}: ${a.name} and ${b.name} overlap`).toBe(false);
    }
  }
}

async function runAndWait(widgetElement: Locator): Promise<void> {
  await widgetElement.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(widgetElement.getByRole('status')).toContainText('Finished', { timeout: RUN_TIMEOUT });
}

for (const width of [1280, 390]) {
  test(`the README's snippet, verbatim, at ${width} px: run, and nothing overlaps`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${site.origin}/docs/readme.html`);
    const element = page.locator('kindling-playground');
    await expect(element.getByRole('status')).toHaveText('Not run yet.');
    // A reader pointing at the widget gets the editor.
    await element.hover();
    await expect(element.getByRole('textbox', { name: 'Driver program' })).toContainText('most common');
    await runAndWait(element);
    await expect(element.getByTestId('widget-output')).toContainText('most common:');
    await expect(element.getByRole('region', { name: /Stage DAG of job 0/ })).toContainText('Stage 1');
    await expectLaidOut(element, `README at ${width}`);
    // axe-core on the widget after its run (code, output, DAG, legend), on a light page and on a dark one
    // (a docs site's dark mode sets the page's color-scheme; the widget follows it).
    for (const scheme of ['light', 'dark'] as const) {
      await page.evaluate((s) => (document.documentElement.style.colorScheme = s), scheme);
      await expect(element.locator('.widget')).toHaveClass(new RegExp(`theme-${scheme}`));
      await expectAccessible(page, `widget ${width} ${scheme}`, 'kindling-playground');
      await element.screenshot({ path: `/tmp/widget-readme-${width}-${scheme}.png` });
    }
  });
}

test('every mode, with and without a height, lays out at 1600 and at 320 px', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${site.origin}/docs/modes.html`);
  const widgets = page.locator('kindling-playground');
  await expect(widgets).toHaveCount(6);
  for (let i = 0; i < 6; i++) {
    const element = widgets.nth(i);
    await element.scrollIntoViewIfNeeded();
    await element.hover();
    await runAndWait(element);
    await expect(element.getByRole('region', { name: 'Timeline', exact: true })).toBeVisible();
    await expect(element.getByRole('region', { name: /Stage DAG/ })).toContainText('Stage 1');
  }
  for (const width of [1600, 320]) {
    await page.setViewportSize({ width, height: 1000 });
    for (let i = 0; i < 6; i++) {
      const element = widgets.nth(i);
      const capped = (await element.getAttribute('height')) !== null;
      await expectLaidOut(
        element,
        `${await element.getAttribute('mode')} ${capped ? 'capped' : 'uncapped'} at ${width}`,
      );
      // A capped widget keeps its height and scrolls inside.
      if (capped) expect((await element.boundingBox())!.height).toBeLessThanOrEqual(302);
    }
  }
});

test('the iframe route lays out, and takes its content height when the page listens', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto(`${site.origin}/docs/iframe.html`);
  for (const id of ['fixed', 'sized']) {
    const frame = page.frameLocator(`#${id}`);
    const element = frame.locator('kindling-playground');
    await element.hover();
    await runAndWait(element);
    await expect(element.getByTestId('widget-output')).toContainText('counts');
    await expectLaidOut(element, `iframe ${id}`);
  }
  // Without a listener the iframe keeps its fixed height; with one it follows its content.
  expect((await page.locator('#fixed').boundingBox())!.height).toBe(480);
  const inner = await page
    .frameLocator('#sized')
    .locator('html')
    .evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
  await expect.poll(async () => Math.round((await page.locator('#sized').boundingBox())!.height)).toBe(inner);
  expect(inner).toBeGreaterThan(480);
});

test('a script from another origin with CORS runs, workers and graph layout included', async ({ page }) => {
  const host = await serveSite({
    folders: {},
    pages: {
      '/docs/cors.html': htmlPage(
        'Cross-origin',
        widget('mode="output" dag'),
        `<script defer src="${other.origin}/kindling/widget/kindling-playground.js"></script>`,
      ),
    },
  });
  try {
    await page.goto(`${host.origin}/docs/cors.html`);
    const element = page.locator('kindling-playground');
    await runAndWait(element);
    await expect(element.getByTestId('widget-output')).toContainText('counts [["a",4],["b",2],["c",2]]');
    await expect(element.getByRole('region', { name: /Stage DAG/ })).toContainText('Stage 1');
  } finally {
    await host.close();
  }
});

test('a script from another origin without CORS says so inside the widget, with the iframe code', async ({ page }) => {
  const host = await serveSite({
    folders: {},
    pages: {
      '/docs/no-cors.html': htmlPage(
        'No CORS',
        widget('mode="editor"'),
        `<script defer src="${other.origin}/plain/kindling/widget/kindling-playground.js"></script>`,
      ),
    },
  });
  try {
    await page.goto(`${host.origin}/docs/no-cors.html`);
    const failure = page.locator('kindling-playground').getByTestId('widget-failure');
    await expect(failure).toContainText('no CORS header');
    await expect(failure).toContainText('use the iframe form');
    const code = await failure.getByRole('textbox', { name: 'Iframe embed code' }).inputValue();
    expect(code).toContain(`<iframe src="${other.origin}/plain/kindling/embed.html?mode=editor#share=1.`);
  } finally {
    await host.close();
  }
});

test('a page that refuses workers gets the reason and the fix in the widget', async ({ page }) => {
  await page.goto(`${site.origin}/docs/no-workers.html`);
  const element = page.locator('kindling-playground');
  await element.getByRole('button', { name: 'Run', exact: true }).click();
  const failure = element.getByTestId('widget-failure');
  await expect(failure).toContainText('could not start its workers', { timeout: 15_000 });
  await expect(failure).toContainText('worker-src');
  await expect(failure.getByRole('textbox', { name: 'Iframe embed code' })).toHaveValue(
    /embed\.html\?mode=output#share=1\./,
  );
});

async function background(page: Page, id: string): Promise<string> {
  const element = page.locator(`#${id}`);
  await expect(element.getByRole('status')).toHaveText('Not run yet.');
  return element.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.widget')!).backgroundColor);
}

test('theme: the page decides unless the author does', async ({ page }) => {
  const LIGHT = 'rgb(247, 245, 240)';
  const DARK = 'rgb(27, 26, 24)';
  // The OS says dark: a widget on a light page must still be light.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${site.origin}/docs/themes.html`);
  expect(await background(page, 'follows-light')).toBe(LIGHT);
  expect(await background(page, 'forced-dark')).toBe(DARK);
  expect(await background(page, 'follows-dark')).toBe(DARK);
  await page.goto(`${site.origin}/docs/dark-scheme.html`);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page, 'scheme-dark')).toBe(DARK);
  expect(await background(page, 'scheme-forced-light')).toBe(LIGHT);
});

test("Share's embed code, both forms, runs the program on screen on another page", async ({ page }) => {
  await page.goto(`${site.origin}/kindling/`);
  await page
    .getByRole('textbox', { name: 'Driver program' })
    .fill('console.log("embedded", await sc.parallelize([1, 2, 3], 3).sum());');
  await page.getByText('Embed', { exact: true }).click();
  const script = page.getByLabel('Script tag (the page loads Kindling’s script)');
  await expect(script).toHaveValue(
    /^<script defer src="http:\/\/127\.0\.0\.1:\d+\/kindling\/widget\/kindling-playground\.js">/,
  );
  const scriptCode = await script.inputValue();
  const iframeCode = await page.getByLabel('Iframe (for pages that cannot load scripts)').inputValue();
  expect(scriptCode).toContain('sc.parallelize([1, 2, 3], 3).sum()');

  await page.route('**/docs/pasted.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: htmlPage('Pasted', `${scriptCode}\n${iframeCode}`) }),
  );
  await page.goto(`${site.origin}/docs/pasted.html`);
  const element = page.locator('kindling-playground');
  await runAndWait(element);
  await expect(element.getByTestId('widget-output')).toHaveText('embedded 6\n');
  const framed = page.frameLocator('iframe').locator('kindling-playground');
  await runAndWait(framed);
  await expect(framed.getByTestId('widget-output')).toHaveText('embedded 6\n');
});

test('the build holds no TypeScript source: every module of the site and the widget is built to .js', () => {
  // A source file copied as an asset (a `?url` import or `new URL('./x.ts', import.meta.url)` of a .ts
  // path) would be served as text/plain and never run.
  const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' });
  expect(files.filter((name) => name.startsWith('widget/')).length, 'widget files').toBeGreaterThan(10);
  expect(files.filter((name) => /\.(ts|tsx|svelte)$/.test(name))).toEqual([]);
});

/** The widget's first load (before Run) may not grow past this many bytes of gzipped script. */
const FIRST_LOAD_BUDGET_GZIP = 150 * 1024;

test('page weight: light before Run, each file fetched once, the graph layout only for a dag widget at Run', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const log: string[] = [];
  const three = [1, 2, 3]
    .map((i) => widget(`mode="editor" id="w${i}" ${i === 2 ? 'timeline' : i === 3 ? 'dag' : ''}`))
    .join('\n');
  const frame = `<iframe src="/kindling/embed.html?mode=output&dag=on&program=${encodeURIComponent(PROGRAM)}"
    style="width: 100%; height: 480px; border: 0"></iframe>`;
  const weighed = await serveSite({
    folders: { '/kindling/': DIST },
    // Hashed files cached as a static host would: the iframe finds in the HTTP cache what the page fetched.
    fileHeaders: { 'cache-control': 'public, max-age=3600' },
    log,
    pages: {
      '/one.html': htmlPage('One', widget('mode="editor"'), SCRIPT),
      '/three.html': htmlPage('Three', three, SCRIPT),
      '/mixed.html': htmlPage('Widget and iframe', `${widget('mode="editor"')}\n${frame}`, SCRIPT),
    },
  });
  const gzipped = (path: string) => gzipSync(readFileSync(join(DIST, path.slice('/kindling/'.length)))).length;
  const raw = (path: string) => statSync(join(DIST, path.slice('/kindling/'.length))).size;
  const figures: Record<string, { files: number; bytes: number; gzip: number }> = {};
  const weigh = (scripts: string[]) => ({
    files: scripts.length,
    bytes: scripts.reduce((sum, path) => sum + raw(path), 0),
    gzip: scripts.reduce((sum, path) => sum + gzipped(path), 0),
  });
  // The build's SQL and Python code, found by what is in it (Catalyst's tree nodes, Pyodide's loader), so a
  // renamed chunk is still caught; each must be found, or this test would prove nothing.
  const assets = join(DIST, 'widget', 'assets');
  const inside = (name: string, marker: string) => readFileSync(join(assets, name), 'utf8').includes(marker);
  const names = readdirSync(assets).filter((name) => name.endsWith('.js'));
  const sqlCode = names.filter((name) => inside(name, 'withNewChildren('));
  const pythonCode = names.filter((name) => inside(name, 'loadPyodide'));
  // The editor's Python (CodeMirror's Python language, with its `nonlocal` keyword, and PySpark's completions): a chunk
  // of its own, fetched when an editor first shows a Python program.
  const pythonEditor = names.filter((name) => inside(name, 'nonlocal'));
  expect(sqlCode.length, 'SQL chunks in the widget build').toBeGreaterThan(0);
  expect(pythonCode.length, 'Python chunks in the widget build').toBeGreaterThan(0);
  expect(pythonEditor.length, "the editor's Python chunk in the widget build").toBe(1);
  const sqlOrPython = (paths: string[]) =>
    paths.filter(
      (path) =>
        path.includes('/pyodide-') ||
        [...sqlCode, ...pythonCode, ...pythonEditor].some((name) => path.endsWith(`/${name}`)),
    );
  try {
    for (const shape of ['one', 'three', 'mixed']) {
      log.length = 0;
      const context = await page.context().browser()!.newContext();
      const reader = await context.newPage();
      await reader.goto(`${weighed.origin}/${shape}.html`);
      for (const element of await reader.locator('kindling-playground').all())
        await expect(element.getByRole('status')).toHaveText('Not run yet.');
      if (shape === 'mixed') await expect(reader.frameLocator('iframe').getByRole('status')).toHaveText('Not run yet.');
      await reader.waitForLoadState('networkidle');
      const scripts = log.filter((path) => path.endsWith('.js'));
      // However many widgets (and an iframe of the same build), every file comes over the network once.
      expect(new Set(scripts).size, `${shape}: ${scripts.join(', ')}`).toBe(scripts.length);
      figures[shape] = weigh(scripts);
      expect(figures[shape].gzip, `${shape}: first load, gzipped script`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_GZIP);
      expect(scripts.some((path) => path.includes('elk-worker'))).toBe(false);

      if (shape === 'three') {
        // Run a widget without dag: the engine comes, the graph layout does not, nor any SQL or Python code.
        // Pointing at it first brings the editor, so what the Run fetches is the engine alone.
        const loaded = new Set(log);
        /** The script files fetched since the last call (each step's own, for the figures). */
        const fetchedSince = () => {
          const fresh = log.filter((path) => path.endsWith('.js') && !loaded.has(path));
          for (const path of log) loaded.add(path);
          return fresh;
        };
        await reader.locator('#w1').hover();
        await reader.waitForLoadState('networkidle');
        figures.editor = weigh(fetchedSince());
        await runAndWait(reader.locator('#w1'));
        expect(log.some((path) => path.includes('driver-worker'))).toBe(true);
        expect(log.some((path) => path.includes('elk-worker'))).toBe(false);
        figures.firstRun = weigh(fetchedSince());
        // The timeline widget's first Run brings the timeline's code, and nothing of the engine again.
        await runAndWait(reader.locator('#w2'));
        await expect(reader.locator('#w2').getByRole('region', { name: 'Timeline', exact: true })).toBeVisible();
        figures.timeline = weigh(fetchedSince());
        // The dag widget lays out its graph: now, and once, the layout worker comes.
        await runAndWait(reader.locator('#w3'));
        await expect(reader.locator('#w3').getByRole('region', { name: /Stage DAG/ })).toContainText('Stage 1');
        const dagFiles = fetchedSince();
        figures.dag = weigh(dagFiles.filter((path) => !path.includes('elk-worker')));
        figures.layoutWorker = weigh(dagFiles.filter((path) => path.includes('elk-worker')));
        expect(log.filter((path) => path.includes('elk-worker'))).toHaveLength(1);
        expect(log.filter((path) => path.includes('driver-worker'))).toHaveLength(1);
        // A JavaScript program (the README's, with a shuffle) loads no SQL and no Python, in the page or a worker, and
        // its editor not the Python language.
        expect(sqlOrPython(log), 'SQL or Python code fetched for JavaScript programs').toEqual([]);
      }
      await context.close();
    }
  } finally {
    await weighed.close();
  }
  // The figures BENCHMARKS.md quotes.
  await testInfo.attach('page-weight.json', {
    body: JSON.stringify(figures, null, 2),
    contentType: 'application/json',
  });
  console.log('page weight before Run', JSON.stringify(figures));
});
