/**
 * Spark's PythonUDF (org.apache.spark.sql.catalyst.expressions.PythonUDF): a
 * call of a Python function (`F.udf`, `@udf`) on its argument columns. It is
 * never evaluated where it stands: the ExtractPythonUDFs rule moves it into a
 * BatchEvalPython operator, which runs the function on the executors' Python
 * and gives its result as a new column (`pythonUDF0#12`).
 */
import { Expression, type InternalRow } from './Expression';
import { newExprId } from './namedExpressions';
import type { DataType } from '../../types';
import type { PythonFunctionWire } from '../../../rdd/wire';

export class PythonUDF extends Expression {
  constructor(
    readonly name: string,
    readonly func: PythonFunctionWire,
    readonly dataType: DataType,
    readonly children: readonly Expression[],
    readonly udfDeterministic = true,
    readonly resultId: number = newExprId(),
  ) {
    super();
  }

  override get prettyName(): string {
    return this.name;
  }

  override get nullable(): boolean {
    return true;
  }

  override get deterministic(): boolean {
    return this.udfDeterministic && super.deterministic;
  }

  /** Spark's `PythonUDF.toString`: `name(args)#resultId`. */
  override toString(): string {
    return `${this.name}(${this.children.join(', ')})#${this.resultId}`;
  }

  eval(_input: InternalRow): unknown {
    throw new Error(`Python UDF ${this.name} cannot be evaluated here: ExtractPythonUDFs should have moved it`);
  }
}
