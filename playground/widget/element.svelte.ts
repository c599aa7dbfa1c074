/**
 * The widget's module (widget/kindling-element.js), loaded by the small
 * classic script a page includes (widget/kindling-playground.js, see
 * loader.ts): defines <kindling-playground>. The program goes inside the tag,
 * best in a `<script type="text/kindling">` so HTML never touches it, or in
 * the `program` attribute. Attributes: mode (editor | output | readonly), dag,
 * timeline (on/off), height, executors, cores, theme (light | dark | auto);
 * changing one updates the widget without stopping a run.
 *
 * With the `from-url` attribute (embed.html, the iframe route) the options
 * come from the page's query string and the program from its hash (a share
 * link's), and the element tells its parent page its height (see
 * embed-code.ts's RESIZE_LISTENER).
 *
 * Only this, Svelte and the Widget shell load before Run; the editor comes
 * right after the first paint, the engine and the views at the first Run.
 */
import { mount, unmount } from 'svelte';
import appCss from '../app.css?inline';
import { decodeShare, encodeShare } from '../share/link';
import { dedent, OPTION_NAMES, readWidgetOptions, type WidgetOptions } from './options';
import { resolveTheme, watchTheme, widgetStyleSheet, type Scheme } from './theme';
import { SCHEME_EVENT } from '../views/scheme.svelte';
import Widget from './Widget.svelte';

/** This module lives in <build>/widget/: the datasets, embed.html and the playground are in <build>/. */
const BUILD_ROOT = new URL(/* @vite-ignore */ '../', import.meta.url).href;
// The page's styles stop at the shadow root: the playground's own, its colours set on the element.
const STYLE = widgetStyleSheet(appCss);

interface View {
  program: string;
  options: WidgetOptions;
  scheme: Scheme;
  /** The program and cluster as a share hash (for "Open in Kindling" and the iframe code); '' until made. */
  shareHash: string;
}

class KindlingPlaygroundElement extends HTMLElement {
  static observedAttributes = [...OPTION_NAMES];
  /** Read by the mounted widget; replacing a field re-renders without restarting anything. */
  #view = $state<View>({ program: '', options: readWidgetOptions(() => null), scheme: 'light', shareHash: '' });
  #widget: ReturnType<typeof mount> | null = null;
  #stopWatching: (() => void) | null = null;
  #resize: ResizeObserver | null = null;

  connectedCallback(): void {
    if (this.#widget) return;
    // A classic script placed before the tag may upgrade it before its content is parsed.
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => this.isConnected && this.connectedCallback(), { once: true });
      return;
    }
    const fromUrl = this.hasAttribute('from-url');
    const query = new URLSearchParams(location.search);
    const read = (name: string) => (fromUrl ? query.get(name) : this.getAttribute(name));
    this.#view.options = readWidgetOptions(read);
    this.#view.program = dedent(
      read('program') ?? this.querySelector('script[type="text/kindling"]')?.textContent ?? this.textContent ?? '',
    );
    this.#updateScheme();
    this.#stopWatching = watchTheme(() => this.#updateScheme());

    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    shadow.replaceChildren(style);
    const view = this.#view;
    // Each element mounts its own Widget, with its own Session and workers: widgets never wait for each other.
    this.#widget = mount(Widget, {
      target: shadow,
      props: {
        fsBase: BUILD_ROOT,
        buildRoot: BUILD_ROOT,
        get program() {
          return view.program;
        },
        get options() {
          return view.options;
        },
        get scheme() {
          return view.scheme;
        },
        get shareHash() {
          return view.shareHash;
        },
      },
    });
    if (fromUrl) {
      void this.#readHash();
      this.#postHeight();
    } else void this.#makeShareHash();
  }

  disconnectedCallback(): void {
    // Removed from the page: stop its run and its workers.
    if (this.#widget) void unmount(this.#widget);
    this.#widget = null;
    this.#stopWatching?.();
    this.#resize?.disconnect();
  }

  attributeChangedCallback(): void {
    if (!this.#widget || this.hasAttribute('from-url')) return;
    this.#view.options = readWidgetOptions((name) => this.getAttribute(name));
    this.#updateScheme();
  }

  #updateScheme(): void {
    const scheme = resolveTheme(this.#view.options.theme, this);
    if (scheme === this.#view.scheme) return;
    this.#view.scheme = scheme;
    // The views draw their canvas and SVG from palettes: tell them to read their scheme again.
    document.dispatchEvent(new Event(SCHEME_EVENT));
  }

  async #makeShareHash(): Promise<void> {
    const { program, options } = this.#view;
    const shared = {
      source: program,
      executors: options.executors,
      coresPerExecutor: options.cores,
      ...(options.lang === 'python' ? { language: options.lang } : {}),
    };
    try {
      this.#view.shareHash = await encodeShare({ ...shared, hosts: null, racks: null, conf: [] });
    } catch {
      // No CompressionStream: no link to the playground, the widget itself still works.
    }
  }

  /** The iframe route: the program and cluster a share link's hash carries. */
  async #readHash(): Promise<void> {
    try {
      const shared = await decodeShare(location.hash);
      if (!shared) return;
      this.#view.program = shared.source;
      this.#view.options = {
        ...this.#view.options,
        executors: shared.executors,
        cores: shared.coresPerExecutor,
        lang: shared.language ?? 'javascript',
      };
      this.#view.shareHash = location.hash.slice(1);
    } catch (error) {
      this.#view.program = `// ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** The resize protocol's sending half: the content's height, to the page that framed this one. */
  #postHeight(): void {
    if (window.parent === window) return;
    let last = -1;
    this.#resize = new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: 'kindling:resize', height }, '*');
    });
    this.#resize.observe(document.documentElement);
  }
}

// Two embeds on one page may each load the script (from different URLs): define the element once.
if (!customElements.get('kindling-playground')) customElements.define('kindling-playground', KindlingPlaygroundElement);
