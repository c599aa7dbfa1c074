/**
 * The iframe route (embed.html), for sites that cannot load scripts: the same
 * widget as <kindling-playground>, its options in the query string and its
 * program in the hash as a share link carries it.
 *
 *   <iframe src="https://example.org/kindling/embed.html?mode=output&dag=on&height=400#share=1.…"></iframe>
 */
import { mount } from 'svelte';
import '../app.css';
import { decodeShare } from '../share/link';
import { readWidgetOptions } from './options';
import Widget from './Widget.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('embed.html must contain an element with id "app"');

const query = new URLSearchParams(location.search);
const options = readWidgetOptions((name) => query.get(name));
const fsBase = new URL('./', location.href).href;
let program = query.get('program') ?? '';
try {
  const shared = await decodeShare(location.hash);
  if (shared) {
    program = shared.source;
    options.executors = shared.executors;
    options.cores = shared.coresPerExecutor;
  }
} catch (error) {
  program = `// ${error instanceof Error ? error.message : String(error)}`;
}
const playgroundUrl = location.hash ? `${fsBase}index.html${location.hash}` : null;

export default mount(Widget, { target, props: { program, options, fsBase, playgroundUrl } });
