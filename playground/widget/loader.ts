/**
 * widget/kindling-playground.js, the one script a docs page includes: a small
 * classic script (so the browser loads it from any origin, CORS or not) that
 * imports the widget's module (kindling-element.js) beside it. When that
 * import fails — the usual cause is a script on another origin served without
 * CORS — every <kindling-playground> on the page says so in words, with the
 * fix and the iframe form of its program ready to copy, instead of staying
 * blank.
 *
 * Loaded as `<script type="module">` it works too (there is no
 * `document.currentScript` then, so it finds its own tag by name).
 */
import { encodeShare } from '../share/link';
import { iframeEmbedCode } from './embed-code';
import { showFailure } from './failure';
import { dedent, readWidgetOptions } from './options';

const SCRIPT_NAME = 'kindling-playground.js';

function ownUrl(): string {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current.src;
  const tag = [...document.scripts].find((script) => script.src.split(/[?#]/)[0].endsWith(`/${SCRIPT_NAME}`));
  return tag?.src ?? new URL(`widget/${SCRIPT_NAME}`, location.href).href;
}

const scriptUrl = ownUrl();
const moduleUrl = new URL('kindling-element.js', scriptUrl).href;
const buildRoot = new URL('../', scriptUrl).href;

// A second copy of this script on the page (another URL) finds the element defined and stops here.
if (!customElements.get('kindling-playground')) {
  import(/* @vite-ignore */ moduleUrl).catch((error: unknown) => {
    const crossOrigin = new URL(scriptUrl).origin !== location.origin;
    const detail = error instanceof Error ? error.message : String(error);
    class UnavailablePlayground extends HTMLElement {
      connectedCallback(): void {
        void explain(this, crossOrigin, detail);
      }
    }
    if (!customElements.get('kindling-playground')) customElements.define('kindling-playground', UnavailablePlayground);
  });
}

async function explain(element: HTMLElement, crossOrigin: boolean, detail: string): Promise<void> {
  const options = readWidgetOptions((name) => element.getAttribute(name));
  const program = dedent(
    element.getAttribute('program') ??
      element.querySelector('script[type="text/kindling"]')?.textContent ??
      element.textContent ??
      '',
  );
  let iframeCode: string | undefined;
  try {
    const shareHash = await encodeShare({
      source: program,
      executors: options.executors,
      coresPerExecutor: options.cores,
      hosts: null,
      racks: null,
      conf: [],
    });
    iframeCode = iframeEmbedCode({ buildRoot, options, program, shareHash });
  } catch {
    // No CompressionStream in this browser: the words alone.
  }
  const origin = new URL(scriptUrl).origin;
  showFailure(element.shadowRoot ?? element.attachShadow({ mode: 'open' }), {
    title: crossOrigin
      ? `Kindling could not load here: its script comes from ${origin}, which does not let other sites load it (no CORS header).`
      : `Kindling could not load its module (${moduleUrl}).`,
    fix: crossOrigin
      ? `Fix: serve Kindling from this site, or send "Access-Control-Allow-Origin: ${location.origin}" (or *) with its files, or use the iframe form below.`
      : 'Fix: check that the whole widget/ folder of the Kindling build was deployed beside kindling-playground.js, or use the iframe form below.',
    detail,
    iframeCode,
  });
}
