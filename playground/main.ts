/**
 * Entry point of the page (index.html): the playground, or the lessons at
 * `#/lessons…`. Following a link between them swaps the app in place. A share
 * link (`#share=…`) opens in the lesson it names, when this build has it, and
 * in the playground otherwise. `?course=ADDRESS` opens a teacher's course (the
 * lessons app fetches it).
 */
import { mount, unmount, type Component } from 'svelte';
import './app.css';
import App from './App.svelte';
import { appOfHash, appOfShare, isShareHash } from './lessons/flow';
import { startServiceWorker } from './pwa/update.svelte';
import { decodeShare, type SharedProgram } from './share/link';

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain an element with id "app"');
const root = target;

/** A teacher's course to open (`?course=…`), fetched afresh each time the lessons app mounts. */
const courseAddress = new URLSearchParams(location.search).get('course') ?? undefined;

let showing: 'lessons' | 'playground' | undefined;
let app: Record<string, unknown> | undefined;
let switching = 0;

/**
 * Shows an app. `shared` is a share link's program opening in a lesson: the
 * lessons app is mounted afresh for it even when already showing.
 */
async function show(which: 'lessons' | 'playground', shared?: SharedProgram): Promise<void> {
  if (which === showing && !shared) return;
  showing = which;
  const attempt = ++switching;
  // The lessons (their text and the flow) load only when first opened.
  const component: Component =
    which === 'lessons' ? (await import('./lessons/LessonsApp.svelte')).default : (App as Component);
  if (attempt !== switching) return;
  if (app) await unmount(app);
  root.replaceChildren();
  const props =
    which === 'lessons' ? { ...(shared ? { shared } : {}), ...(courseAddress ? { courseAddress } : {}) } : {};
  app = mount(component, { target: root, props });
}

/** Reads a share link and opens it where it belongs; a link that cannot be read goes to the playground, which says why. */
async function openShare(hash: string): Promise<void> {
  const attempt = switching;
  let shared: SharedProgram | null = null;
  try {
    shared = await decodeShare(hash);
  } catch {
    // The playground reads the link again and shows the reason.
  }
  const lessonIds = shared?.lessonId ? (await import('./lessons/content')).LESSONS.map((lesson) => lesson.id) : [];
  // Another navigation came first: it wins.
  if (attempt !== switching || location.hash !== hash) return;
  if (appOfShare(shared, lessonIds) === 'lessons' && shared) void show('lessons', shared);
  else {
    // The playground reads the link when it mounts: mount it afresh for a link followed while it shows.
    if (showing === 'playground') showing = undefined;
    void show('playground');
  }
}

// Every first visit registers the service worker, lessons included, so the site works offline after it.
// The update offer itself is shown by the playground only, never swapped in under a lesson.
startServiceWorker();
if (isShareHash(location.hash)) void openShare(location.hash);
else if (courseAddress && (location.hash === '' || location.hash === '#')) void show('lessons');
else void show(appOfHash(location.hash) ?? 'playground');
window.addEventListener('hashchange', () => {
  if (isShareHash(location.hash)) {
    void openShare(location.hash);
    return;
  }
  const which = appOfHash(location.hash);
  if (which) void show(which);
});
