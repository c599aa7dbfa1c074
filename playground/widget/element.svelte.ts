/**
 * Entry of the widget script (widget/kindling-playground.js): defines
 * <kindling-playground>. The program goes inside the tag, best in a
 * `<script type="text/kindling">` so HTML never touches it, or in the
 * `program` attribute. Attributes: mode (editor | output | readonly), dag,
 * timeline (on/off), height, executors, cores; changing one updates the widget
 * without stopping a run.
 *
 * @example
 * <script type="module" src="https://example.org/kindling/widget/kindling-playground.js"></script>
 * <kindling-playground mode="output" dag height="400">
 *   <script type="text/kindling">console.log(await sc.parallelize([1, 2, 3]).count());</script>
 * </kindling-playground>
 */
import { mount, unmount } from 'svelte';
import appCss from '../app.css?inline';
import { encodeShare } from '../share/link';
import { dedent, readWidgetOptions, type WidgetOptions } from './options';
import Widget from './Widget.svelte';

const ATTRIBUTES = ['mode', 'dag', 'timeline', 'height', 'executors', 'cores'];
/** This script lives in <build>/widget/: the datasets and the playground are in <build>/. */
const BUILD_ROOT = new URL(/* @vite-ignore */ '../', import.meta.url).href;
// The page's styles stop at the shadow root: the playground's own, its colours set on the element.
const STYLE = appCss.replace(/:root/g, ':host');

class KindlingPlaygroundElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  /** Read by the mounted widget; replacing it re-renders without restarting anything. */
  #view = $state<{ options: WidgetOptions; playgroundUrl: string | null }>({
    options: readWidgetOptions(() => null),
    playgroundUrl: null,
  });
  #widget: ReturnType<typeof mount> | null = null;

  connectedCallback(): void {
    if (this.#widget) return;
    // Module scripts run after the page is parsed, so the program inside the tag is there by now.
    const program = dedent(
      this.getAttribute('program') ??
        this.querySelector('script[type="text/kindling"]')?.textContent ??
        this.textContent ??
        '',
    );
    this.#view.options = readWidgetOptions((name) => this.getAttribute(name));
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    shadow.replaceChildren(style);
    const view = this.#view;
    // Each element mounts its own Widget, with its own Session and workers: widgets never wait for each other.
    this.#widget = mount(Widget, {
      target: shadow,
      props: {
        program,
        fsBase: BUILD_ROOT,
        get options() {
          return view.options;
        },
        get playgroundUrl() {
          return view.playgroundUrl;
        },
      },
    });
    const { executors, cores } = this.#view.options;
    encodeShare({ source: program, executors, coresPerExecutor: cores, hosts: null, racks: null, conf: [] }).then(
      (hash) => (this.#view.playgroundUrl = `${BUILD_ROOT}index.html#${hash}`),
      () => {},
    );
  }

  disconnectedCallback(): void {
    // Removed from the page: stop its run and its workers.
    if (this.#widget) void unmount(this.#widget);
    this.#widget = null;
  }

  attributeChangedCallback(): void {
    if (this.#widget) this.#view.options = readWidgetOptions((name) => this.getAttribute(name));
  }
}

// Two embeds on one page may each load the script (from different URLs): define the element once.
if (!customElements.get('kindling-playground')) customElements.define('kindling-playground', KindlingPlaygroundElement);
