/**
 * Spark's BatchEvalPython (logical, in catalyst's pythonLogicalOperators) and
 * BatchEvalPythonExec (physical, org.apache.spark.sql.execution.python): the
 * operator that runs Python UDFs. Its output is the child's columns and one
 * result column per UDF. It does not join whole-stage codegen, so the
 * operators above and below it are separate codegen stages (`*(1)`, `*(2)`);
 * it is narrow (Spark runs it as a `mapPartitionsInternal` of its child's
 * RDD), so it adds no stage: its tasks are the stage's tasks, which call
 * their executor thread's Python.
 */
import { LogicalPlan, UnaryNode } from '../../catalyst/plans/logical/LogicalPlan';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import { PythonUDF } from '../../catalyst/expressions/PythonUDF';
import type { Expression } from '../../catalyst/expressions/Expression';
import type { PythonFunctionWire } from '../../../rdd/wire';
import { SparkPlan, UnaryExecNode } from '../SparkPlan';

export class BatchEvalPython extends UnaryNode {
  constructor(
    readonly udfs: readonly PythonUDF[],
    readonly resultAttrs: readonly AttributeReference[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return [...this.child.output, ...this.resultAttrs];
  }
  get simpleString(): string {
    return `BatchEvalPython [${this.udfs.join(', ')}], [${this.resultAttrs.join(', ')}]`;
  }
}

export class BatchEvalPythonExec extends UnaryExecNode {
  constructor(
    readonly udfs: readonly PythonUDF[],
    readonly resultAttrs: readonly AttributeReference[],
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return [...this.child.output, ...this.resultAttrs];
  }
  get simpleString(): string {
    return `BatchEvalPython [${this.udfs.join(', ')}], [${this.resultAttrs.join(', ')}]`;
  }
}

/**
 * Spark's `BatchEvalPythonExec.collectFunctions`: the functions of a chain of UDFs (`f(g(x))`: g's, then f's,
 * Spark's ChainedPythonFunctions) and the arguments of the innermost one, which are all the chain reads.
 *
 * @example
 * collectFunctions(f(g(x))); // { funcs: [g.func, f.func], args: [x] }
 */
export function collectFunctions(udf: PythonUDF): { funcs: PythonFunctionWire[]; args: readonly Expression[] } {
  const [only] = udf.children;
  if (udf.children.length === 1 && only instanceof PythonUDF) {
    const inner = collectFunctions(only);
    return { funcs: [...inner.funcs, udf.func], args: inner.args };
  }
  return { funcs: [udf.func], args: udf.children };
}
