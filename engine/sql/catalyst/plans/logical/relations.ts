/**
 * Leaf plans that hold data: LocalRelation (`createDataFrame` of local rows)
 * and LogicalRDD (`rdd.toDF()`, Spark's execution/ExistingRDD.scala), and
 * LogicalRelation for files (execution/datasources).
 */
import { LeafNode, attrList, rowSize, type Statistics } from './LogicalPlan';
import type { AttributeReference } from '../../expressions/namedExpressions';
import type { InternalRow } from '../../expressions/Expression';

export class LocalRelation extends LeafNode {
  constructor(
    readonly localOutput: readonly AttributeReference[],
    readonly data: readonly InternalRow[],
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.localOutput;
  }
  get simpleString(): string {
    return `LocalRelation ${attrList(this.localOutput)}`;
  }
  override get stats(): Statistics {
    return { sizeInBytes: Math.max(1, this.data.length) * rowSize(this.localOutput), rowCount: this.data.length };
  }
  /** The same relation with new attribute ids (for self-joins). */
  newInstance(): LocalRelation {
    return new LocalRelation(
      this.localOutput.map((a) => a.newInstance()),
      this.data,
    );
  }
}

/**
 * Rows of an existing RDD. Spark cannot know its size, so it is never
 * broadcast without a hint (its statistic is `spark.sql.defaultSizeInBytes`, Long.MaxValue).
 */
export class LogicalRDD extends LeafNode {
  constructor(
    readonly rddOutput: readonly AttributeReference[],
    /** The RDD of rows (arrays of column values); typed loosely so catalyst stays free of the engine. */
    readonly rdd: unknown,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.rddOutput;
  }
  get simpleString(): string {
    return `LogicalRDD ${attrList(this.rddOutput)}, false`;
  }
  newInstance(): LogicalRDD {
    return new LogicalRDD(
      this.rddOutput.map((a) => a.newInstance()),
      this.rdd,
    );
  }
}

/** A file source read (`spark.read.csv(…)`): format, files and their total size, which Spark's broadcast decision uses. */
export interface FileRelationInfo {
  format: 'csv' | 'json' | 'text' | 'parquet';
  paths: readonly string[];
  files: readonly { path: string; size: number }[];
  options: Readonly<Record<string, string>>;
}

export class LogicalRelation extends LeafNode {
  constructor(
    readonly relationOutput: readonly AttributeReference[],
    readonly relation: FileRelationInfo,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.relationOutput;
  }
  get simpleString(): string {
    return `Relation [${this.relationOutput.join(',')}] ${this.relation.format}`;
  }
  override get stats(): Statistics {
    return { sizeInBytes: this.relation.files.reduce((a, f) => a + f.size, 0) };
  }
  newInstance(): LogicalRelation {
    return new LogicalRelation(
      this.relationOutput.map((a) => a.newInstance()),
      this.relation,
    );
  }
}

/** Leaves that can make fresh attribute ids for themselves (Spark's MultiInstanceRelation). */
export interface MultiInstanceRelation {
  newInstance(): LeafNode;
}

export function isMultiInstance(p: unknown): p is MultiInstanceRelation & LeafNode {
  return typeof (p as { newInstance?: unknown }).newInstance === 'function';
}
