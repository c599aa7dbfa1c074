/**
 * Spark's SessionCatalog, as far as a browser session needs it: temporary
 * views by name (`createOrReplaceTempView`, `spark.table`) and temporary
 * functions (`spark.udf.register`), case-insensitive.
 */
import type { Expression } from '../expressions/Expression';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';

/** A temporary function's builder: its call on (resolved) arguments. */
export type FunctionBuilder = (args: Expression[]) => Expression;

export class SessionCatalog {
  readonly #tempViews = new Map<string, LogicalPlan>();
  readonly #tempFunctions = new Map<string, FunctionBuilder>();

  /**
   * Spark's `registerFunction` for a temporary function: SQL text and `call_function` find it by name before
   * the built-in functions, so it may shadow one (`spark.udf.register("upper", …)`).
   */
  registerFunction(name: string, builder: FunctionBuilder): void {
    this.#tempFunctions.set(name.toLowerCase(), builder);
  }

  lookupTempFunction(name: string): FunctionBuilder | undefined {
    return this.#tempFunctions.get(name.toLowerCase());
  }

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
