/**
 * Light or dark for an embedded widget. With `theme="light"` or `"dark"` the
 * author decides; `"auto"` follows the reader's OS; with no attribute the
 * widget follows the page it sits in: the page's `color-scheme` when it names
 * one scheme, else the colour actually behind the widget, else the OS when the
 * page declares both schemes, else light (what a browser shows a page that
 * declares nothing).
 */
import type { WidgetTheme } from './options';

export type Scheme = 'light' | 'dark';

/**
 * @example
 * resolveTheme(null, element) // 'light' on a white docs page, whatever the OS says
 */
export function resolveTheme(theme: WidgetTheme, host: Element): Scheme {
  if (theme === 'light' || theme === 'dark') return theme;
  const osDark = matchMedia('(prefers-color-scheme: dark)').matches;
  if (theme === 'auto') return osDark ? 'dark' : 'light';
  // The parent's: the widget's own stylesheet sets the host's color-scheme.
  let words = getComputedStyle(host.parentElement ?? document.documentElement).colorScheme.split(/\s+/);
  // <meta name="color-scheme"> sets the page's scheme without setting the CSS property.
  if (words.includes('normal'))
    words = (document.querySelector<HTMLMetaElement>('meta[name="color-scheme"]')?.content ?? '').split(/\s+/);
  const light = words.includes('light');
  const dark = words.includes('dark');
  if (dark !== light) return dark ? 'dark' : 'light';
  const behind = backgroundBehind(host);
  if (behind !== null) return behind < 0.2 ? 'dark' : 'light';
  if (light && dark) return osDark ? 'dark' : 'light';
  return 'light';
}

/**
 * Calls `onChange` whenever the answer might change: the OS switches scheme,
 * or the page changes its root's or body's class, style or attributes (a docs
 * site's dark-mode toggle). Returns a function that stops watching.
 */
export function watchTheme(onChange: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  for (const element of [document.documentElement, document.body]) {
    if (element) observer.observe(element, { attributes: true });
  }
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** Relative luminance (0 black … 1 white) of the first opaque background from `host` up, or null if none is. */
function backgroundBehind(host: Element): number | null {
  for (let element: Element | null = host.parentElement; element; element = element.parentElement) {
    const rgba = parseRgb(getComputedStyle(element).backgroundColor);
    if (rgba && rgba[3] > 0.5) return luminance(rgba);
  }
  return null;
}

function parseRgb(color: string): [number, number, number, number] | null {
  const match = /^rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\)$/.exec(color.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] === undefined ? 1 : Number(match[4])];
}

function luminance([r, g, b]: [number, number, number, number]): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * The playground's stylesheet made fit for a widget's shadow root: its
 * variables on `:host`, and its dark palette on `.theme-dark` instead of
 * under `prefers-color-scheme`, so the widget's own choice decides.
 *
 * @example
 * style.textContent = widgetStyleSheet(appCss);
 */
export function widgetStyleSheet(appCss: string): string {
  const dark = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}\s*\}/.exec(appCss);
  if (!dark) throw new Error('app.css has no dark palette block (@media (prefers-color-scheme: dark) { :root { … } })');
  const rest = appCss.replace(dark[0], '').replace(/:root/g, ':host');
  // A minified stylesheet (a build's `?inline`) leaves out the last declaration's semicolon: put it back, or
  // `--kindling-scheme: dark` would swallow the declaration after it and the views would draw in light.
  const declarations = dark[1].trim().replace(/;?$/, ';');
  return `${rest}\n.theme-light { color-scheme: light; }\n.theme-dark {${declarations}\n  color-scheme: dark;\n}\n`;
}
