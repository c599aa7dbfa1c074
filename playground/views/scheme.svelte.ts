/**
 * Which colour scheme a view is drawn in. The views paint their canvas and
 * SVG from TypeScript palettes (colors.ts), so CSS alone cannot switch them:
 * they read `--kindling-scheme` (app.css sets it to `light`, and to `dark`
 * under `prefers-color-scheme: dark`; an embedded widget's theme class sets it
 * too) from their own element, and read it again when the OS switches scheme
 * or a widget changes its theme (it dispatches SCHEME_EVENT). A view used
 * outside Kindling's pages, with no such property, is light.
 */
import type { Scheme } from './colors';

/** Dispatched on `document` by whatever changes a view's scheme without a media query (a widget's theme). */
export const SCHEME_EVENT = 'kindling:scheme';

/** The scheme `element` is drawn in: its `--kindling-scheme`, else light. */
export function schemeOf(element: Element): Scheme {
  return getComputedStyle(element).getPropertyValue('--kindling-scheme').trim() === 'dark' ? 'dark' : 'light';
}

/**
 * The scheme of the element `element()` returns, kept current. Call it while
 * a component initialises (it registers an effect).
 *
 * @example
 * let root = $state<HTMLElement>();
 * const scheme = viewScheme(() => root);
 * const palette = $derived(PALETTES[scheme.current]);
 */
export function viewScheme(element: () => Element | undefined): { readonly current: Scheme } {
  let current = $state<Scheme>('light');
  $effect(() => {
    const target = element();
    if (!target) return;
    let frame = 0;
    const update = () => (current = schemeOf(target));
    // After the change has been rendered: a widget's theme class is applied in Svelte's next flush.
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    update();
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', later);
    document.addEventListener(SCHEME_EVENT, later);
    return () => {
      cancelAnimationFrame(frame);
      media.removeEventListener('change', later);
      document.removeEventListener(SCHEME_EVENT, later);
    };
  });
  return {
    get current() {
      return current;
    },
  };
}
