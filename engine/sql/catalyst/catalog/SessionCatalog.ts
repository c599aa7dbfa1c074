/**
 * Spark's SessionCatalog, as far as a browser session needs it: temporary
 * views by name (`createOrReplaceTempView`, `spark.table`), case-insensitive.
 */
import type { LogicalPlan } from '../plans/logical/LogicalPlan';

export class SessionCatalog {
  readonly #tempViews = new Map<string, LogicalPlan>();

  createTempView(name: string, plan: LogicalPlan, replace: boolean): boolean {
    const key = name.toLowerCase();
    if (!replace && this.#tempViews.has(key)) return false;
    this.#tempViews.set(key, plan);
    return true;
  }

  dropTempView(name: string): boolean {
    return this.#tempViews.delete(name.toLowerCase());
  }

  /** A view by its name; `default.t` and `spark_catalog.default.t` find `t` too. */
  lookupRelation(nameParts: readonly string[]): LogicalPlan | undefined {
    const name = nameParts[nameParts.length - 1];
    if (nameParts.length > 1) {
      const db = nameParts[nameParts.length - 2].toLowerCase();
      if (db !== 'default' && db !== 'global_temp') return undefined;
    }
    return this.#tempViews.get(name.toLowerCase());
  }

  listTables(): string[] {
    return [...this.#tempViews.keys()].sort();
  }
}
