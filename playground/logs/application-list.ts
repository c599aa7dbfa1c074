/**
 * The application list's search and sort, as the History Server's list page
 * offers them. Pure, unit-tested in Node.
 */
import type { ListedApplication } from './protocol';

export type ApplicationColumn =
  'id' | 'name' | 'version' | 'attempt' | 'start' | 'end' | 'duration' | 'user' | 'completed';

/**
 * The listed applications that match `query` (any of id, name, user, Spark
 * version or path contains it, ignoring case), sorted by `column`; missing
 * values sort last either way, and ties keep path order.
 *
 * @example
 * sortApplications(apps, 'spark shell', 'start', true).map((a) => a.summary?.id)
 */
export function sortApplications(
  applications: readonly ListedApplication[],
  query: string,
  column: ApplicationColumn,
  descending: boolean,
): ListedApplication[] {
  const needle = query.trim().toLowerCase();
  const matches = applications.filter((app) => {
    if (!app.summary) return false;
    if (needle === '') return true;
    const s = app.summary;
    return [s.id, s.name, s.user, s.sparkVersion, app.path].some((text) => text?.toLowerCase().includes(needle));
  });
  const value = (app: ListedApplication): string | number | null => {
    const s = app.summary!;
    switch (column) {
      case 'id':
        return s.id;
      case 'name':
        return s.name;
      case 'version':
        return s.sparkVersion;
      case 'attempt':
        return s.attemptId;
      case 'start':
        return s.startTime;
      case 'end':
        return s.endTime;
      case 'duration':
        return s.durationMs;
      case 'user':
        return s.user;
      case 'completed':
        return s.completed ? 1 : 0;
    }
  };
  return matches
    .map((app) => ({ app, key: value(app) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.app.path.localeCompare(b.app.path);
        return a.key === null ? 1 : -1;
      }
      const order =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : String(a.key).localeCompare(String(b.key), undefined, { numeric: true });
      return (descending ? -order : order) || a.app.path.localeCompare(b.app.path);
    })
    .map(({ app }) => app);
}
