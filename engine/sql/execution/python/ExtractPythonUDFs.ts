/**
 * Spark's ExtractPythonUDFs (org.apache.spark.sql.execution.python), run by
 * SparkOptimizer in its "Extract Python UDFs" batch after the operator
 * optimizations: each Project or Filter that calls Python UDFs gets a
 * BatchEvalPython below it that computes them (those whose arguments hold no
 * other UDF first; a UDF over a UDF's result gets a second BatchEvalPython
 * above the first), and reads their results as the columns `pythonUDF0`,
 * `pythonUDF1`, …. A Filter keeps its child's columns with a Project on top.
 */
import type { Rule } from '../../catalyst/optimizer/Rule';
import { Filter, Project } from '../../catalyst/plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../../catalyst/plans/logical/LogicalPlan';
import type { Expression } from '../../catalyst/expressions/Expression';
import { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import { PythonUDF } from '../../catalyst/expressions/PythonUDF';
import { AnalysisException } from '../../errors';
import { BatchEvalPython } from './BatchEvalPythonExec';

const hasPythonUDF = (e: Expression) => e.exists((x) => x instanceof PythonUDF);

/** The UDFs of `exprs` whose arguments call no other UDF: they can run now. */
function evaluable(exprs: readonly Expression[]): PythonUDF[] {
  const found: PythonUDF[] = [];
  for (const e of exprs)
    e.foreach((x) => {
      if (x instanceof PythonUDF && !x.children.some(hasPythonUDF) && !found.includes(x)) found.push(x);
    });
  return found;
}

function extract(plan: LogicalPlan): LogicalPlan {
  if (!(plan instanceof Project || plan instanceof Filter)) {
    if (plan.expressions.some(hasPythonUDF))
      throw new AnalysisException('INTERNAL_ERROR', {
        message: `Kindling runs Python UDFs in select, withColumn and filter, not yet in ${plan.nodeName}`,
      });
    return plan;
  }
  const input = plan.children[0];
  let current: LogicalPlan = plan;
  for (let udfs = evaluable(current.expressions); udfs.length > 0; udfs = evaluable(current.expressions)) {
    const results = udfs.map((u, i) => new AttributeReference(`pythonUDF${i}`, u.dataType, true));
    const evaluation = new BatchEvalPython(udfs, results, current.children[0]);
    current = current.withNewChildren([evaluation]).transformExpressions((e) => {
      const i = udfs.indexOf(e as PythonUDF);
      return i >= 0 ? results[i] : undefined;
    });
  }
  if (current === plan) return plan;
  return plan instanceof Filter ? new Project([...input.output], current) : current;
}

export const ExtractPythonUDFs: Rule = {
  ruleName: 'ExtractPythonUDFs',
  apply(plan: LogicalPlan): LogicalPlan {
    if (!plan.exists((p) => p.expressions.some(hasPythonUDF))) return plan;
    return plan.transformUp(extract);
  },
};
