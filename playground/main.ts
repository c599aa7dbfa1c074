/**
 * Entry point of the page (index.html): the playground, or the lessons at
 * `#/lessons…`. Following a link between them swaps the app in place.
 */
import { mount, unmount, type Component } from 'svelte';
import './app.css';
import App from './App.svelte';
import { appOfHash } from './lessons/flow';
import { startServiceWorker } from './pwa/update.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain an element with id "app"');
const root = target;

let showing: 'lessons' | 'playground' | undefined;
let app: Record<string, unknown> | undefined;
let switching = 0;

async function show(which: 'lessons' | 'playground'): Promise<void> {
  if (which === showing) return;
  showing = which;
  const attempt = ++switching;
  // The lessons (their text and the flow) load only when first opened.
  const component: Component =
    which === 'lessons' ? (await import('./lessons/LessonsApp.svelte')).default : (App as Component);
  if (attempt !== switching) return;
  if (app) await unmount(app);
  root.replaceChildren();
  app = mount(component, { target: root });
}

// Every first visit registers the service worker, lessons included, so the site works offline after it.
// The update offer itself is shown by the playground only, never swapped in under a lesson.
startServiceWorker();
void show(appOfHash(location.hash) ?? 'playground');
window.addEventListener('hashchange', () => {
  const which = appOfHash(location.hash);
  if (which) void show(which);
});
