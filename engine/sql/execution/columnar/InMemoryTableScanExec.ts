/**
 * Spark's InMemoryTableScanExec: reads a cached query's rows from the
 * persisted RDD its InMemoryRelation's builder made. Printed with the
 * relation under it and the cached plan under that, indented as Spark's
 * TreeNode.generateTreeString indents inner children. It keeps the cached
 * plan's partitioning (under the relation's attribute ids), so a cached
 * aggregate read again by the same keys needs no new exchange.
 *
 * Spark scans a cache of only boolean and numeric columns as columnar
 * batches (DefaultCachedBatchSerializer.supportsColumnarOutput), so a
 * ColumnarToRow sits above such a scan in the plan.
 */
import { LeafExecNode, NUM_OUTPUT_ROWS, list, type MetricDefinition, type SparkPlan } from '../SparkPlan';
import { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { Expression } from '../../catalyst/expressions/Expression';
import { HashPartitioning, type Partitioning } from '../../catalyst/plans/physical/partitioning';
import { AdaptiveSparkPlanExec } from '../adaptive/AdaptiveSparkPlanExec';
import { BooleanType, ByteType, DoubleType, FloatType, IntegerType, LongType, ShortType } from '../../types';
import type { InMemoryRelation } from './InMemoryRelation';

export class InMemoryTableScanExec extends LeafExecNode {
  constructor(
    readonly attributes: readonly AttributeReference[],
    /** Filters above the scan, which Spark also uses to skip cached batches by their statistics. */
    readonly predicates: readonly Expression[],
    readonly relation: InMemoryRelation,
  ) {
    super();
  }

  get output(): readonly AttributeReference[] {
    return this.attributes;
  }

  /** The cached plan as it runs (its final plan once adaptive execution has run it). */
  get cachedPlan(): SparkPlan {
    const p = this.relation.cachedPlan;
    return p instanceof AdaptiveSparkPlanExec ? p.executedPlan : p;
  }

  override get outputPartitioning(): Partitioning {
    const p = this.cachedPlan.outputPartitioning;
    if (!(p instanceof HashPartitioning)) return p;
    // The cached plan's attributes, renamed to the relation's (InMemoryTableScanExec.updateAttribute).
    const cachedOutput = this.relation.cachedPlan.output;
    const renamed = p.expressions.map((e) =>
      e.transformUp((x) => {
        if (!(x instanceof AttributeReference)) return undefined;
        const i = cachedOutput.findIndex((a) => a.exprId === x.exprId);
        return i >= 0 ? this.relation.output[i] : undefined;
      }),
    );
    return new HashPartitioning(renamed, p.numPartitions);
  }

  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }

  /** Spark's supportsColumnar with the default serializer: every column of the cache boolean or numeric. */
  get supportsColumnar(): boolean {
    const columnar = [BooleanType, ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType];
    return this.relation.output.every((a) => columnar.some((t) => t === a.dataType));
  }

  #relationNode: InMemoryRelationNode | undefined;

  /** The relation, printed two levels under the scan (its inner child). */
  override get innerChildren(): readonly SparkPlan[] {
    return [(this.#relationNode ??= new InMemoryRelationNode(this.relation))];
  }

  get simpleString(): string {
    const args = [
      this.attributes.length ? list(this.attributes) : '',
      this.predicates.length ? list(this.predicates) : '',
    ]
      .filter((a) => a)
      .join(', ');
    return `InMemoryTableScan${args ? ' ' + args : ''}`;
  }

  override get formattedName(): string {
    return 'InMemoryTableScan';
  }
}

/** The InMemoryRelation as a line of a physical plan, with the cached plan printed under it. */
export class InMemoryRelationNode extends LeafExecNode {
  constructor(readonly relation: InMemoryRelation) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.relation.output;
  }
  override get innerChildren(): readonly SparkPlan[] {
    return [this.relation.cachedPlan];
  }
  get simpleString(): string {
    return this.relation.simpleString;
  }
}
