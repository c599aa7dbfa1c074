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
import type { PythonUDF } from '../../catalyst/expressions/PythonUDF';
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
