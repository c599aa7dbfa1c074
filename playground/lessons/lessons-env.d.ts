/** The lesson files a build carries (scripts/vite-lessons.ts): `/lessons/<folder>/<file>` → text. */
declare module 'virtual:kindling-lessons' {
  const files: Record<string, string>;
  export default files;
}
