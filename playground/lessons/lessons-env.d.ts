/** The lesson files a build carries (scripts/vite-lessons.ts): `/lessons/<folder>/<file>` → text. */
declare module 'virtual:kindling-lessons' {
  const files: Record<string, string>;
  export default files;
  /** The data and image files the course folder's course.json lists, carried by the site at these paths. */
  export const courseFiles: string[];
}
