/**
 * What a widget shows when it cannot run on a page: what went wrong in words,
 * the fix, and the iframe form of the same program ready to copy. Plain DOM,
 * so the script loader (which runs when the rest of the widget could not be
 * loaded) and the widget itself show it the same way.
 */

export interface WidgetFailure {
  /** One sentence: what went wrong. */
  title: string;
  /** What the reader or the page's author can do about it. */
  fix: string;
  /** The technical cause, for the page's author (the browser's own message). */
  detail?: string;
  /** The iframe embed code for this program, when it could be made. */
  iframeCode?: string;
}

const STYLE = `
.kindling-failure { margin: 0; padding: 0.7rem 0.8rem; border: 2px solid #a3161a; border-radius: 8px;
  color: CanvasText; background: Canvas; font: 15px/1.45 system-ui, 'Liberation Sans', sans-serif; }
.kindling-failure strong { display: block; margin-bottom: 0.3rem; }
.kindling-failure p { margin: 0.3rem 0; }
.kindling-failure .detail { font-size: 0.85rem; opacity: 0.85; overflow-wrap: anywhere; }
.kindling-failure textarea { display: block; width: 100%; box-sizing: border-box; min-height: 5.5rem; margin: 0.4rem 0;
  font: 12px/1.4 ui-monospace, 'Liberation Mono', monospace; color: CanvasText; background: Canvas; resize: vertical; }
.kindling-failure button { font: inherit; font-size: 0.9rem; padding: 0.3rem 0.8rem; cursor: pointer; }
`;

/**
 * Replaces `target`'s content with the failure. `target` is an element or a
 * shadow root; the returned element is the one added.
 *
 * @example
 * showFailure(shadowRoot, { title: 'Kindling could not start here.', fix: 'Use the iframe form.', iframeCode });
 */
export function showFailure(target: Element | ShadowRoot, failure: WidgetFailure): HTMLElement {
  const box = document.createElement('div');
  box.className = 'kindling-failure';
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'widget-failure';
  const style = document.createElement('style');
  style.textContent = STYLE;
  const title = document.createElement('strong');
  title.textContent = failure.title;
  const fix = document.createElement('p');
  fix.textContent = failure.fix;
  box.append(style, title, fix);
  if (failure.detail) {
    const detail = document.createElement('p');
    detail.className = 'detail';
    detail.textContent = `The browser said: ${failure.detail}`;
    box.append(detail);
  }
  if (failure.iframeCode) {
    const code = document.createElement('textarea');
    code.readOnly = true;
    code.value = failure.iframeCode;
    code.setAttribute('aria-label', 'Iframe embed code');
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.textContent = 'Copy iframe code';
    copy.addEventListener('click', () => {
      code.select();
      navigator.clipboard?.writeText(code.value).then(
        () => (copy.textContent = 'Copied'),
        () => (copy.textContent = 'Press Ctrl+C to copy'),
      );
    });
    box.append(code, copy);
  }
  target.replaceChildren(box);
  return box;
}
