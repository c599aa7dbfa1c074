/** Spark's date parts (datetimeExpressions.scala): `year`, `month`, `dayofmonth`, `dayofweek`, `hour`, in UTC. */
import { UnaryExpression, type Expression } from './Expression';
import { IntegerType, type DataType } from '../../types';
import { castValue } from './Cast';
import { StringType, TimestampType } from '../../types';

export class DatePart extends UnaryExpression {
  constructor(
    child: Expression,
    readonly part: 'year' | 'month' | 'dayofmonth' | 'dayofweek' | 'hour',
  ) {
    super(child);
  }
  get dataType(): DataType {
    return IntegerType;
  }
  override get prettyName(): string {
    return this.part;
  }
  protected override nullSafeEval(v: unknown): unknown {
    const d = (v instanceof Date ? v : castValue(v, StringType, TimestampType)) as Date | null;
    if (d === null) return null;
    switch (this.part) {
      case 'year':
        return d.getUTCFullYear();
      case 'month':
        return d.getUTCMonth() + 1;
      case 'dayofmonth':
        return d.getUTCDate();
      case 'dayofweek':
        return d.getUTCDay() + 1;
      case 'hour':
        return d.getUTCHours();
    }
  }
}
