/**
 * Spark SQL's errors: an error class, its message template and SQLSTATE
 * (the texts are Spark 4's, from common/utils/src/main/resources/error/
 * error-conditions.json), rendered as SparkThrowableHelper.getMessage does:
 * `[CLASS.SUBCLASS] message SQLSTATE: 42703`, then the query context.
 */

interface Condition {
  message: string;
  sqlState: string;
  subClass?: Record<string, string>;
}

/** The error classes Kindling raises, with Spark's own texts (multi-line templates joined with "\n"). */
const CONDITIONS: Record<string, Condition> = {
  PARSE_SYNTAX_ERROR: { message: 'Syntax error at or near <error><hint>.', sqlState: '42601' },
  PARSE_EMPTY_STATEMENT: { message: 'Syntax error, unexpected empty statement.', sqlState: '42617' },
  UNRESOLVED_COLUMN: {
    message: 'A column, variable, or function parameter with name <objectName> cannot be resolved.',
    sqlState: '42703',
    subClass: { WITH_SUGGESTION: 'Did you mean one of the following? [<proposal>].', WITHOUT_SUGGESTION: '' },
  },
  UNRESOLVED_ROUTINE: {
    message: 'Cannot resolve routine <routineName> on search path <searchPath>.',
    sqlState: '42883',
  },
  TABLE_OR_VIEW_NOT_FOUND: {
    message:
      'The table or view <relationName> cannot be found. Verify the spelling and correctness of the schema and catalog.\n' +
      'If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n' +
      'To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.',
    sqlState: '42P01',
  },
  DATATYPE_MISMATCH: {
    message: 'Cannot resolve <sqlExpr> due to data type mismatch:',
    sqlState: '42K09',
    subClass: {
      BINARY_OP_DIFF_TYPES:
        'the left and right operands of the binary operator have incompatible types (<left> and <right>).',
      IN_SUBQUERY_LENGTH_MISMATCH:
        'The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: <leftLength>): [<leftColumns>], right hand side columns(length: <rightLength>): [<rightColumns>].',
      UNEXPECTED_INPUT_TYPE:
        'The <paramIndex> parameter requires the <requiredType> type, however <inputSql> has the type <inputType>.',
    },
  },
  INVALID_SUBQUERY_EXPRESSION: {
    message: 'Invalid subquery:',
    sqlState: '42823',
    subClass: {
      SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN:
        'Scalar subquery must return only one column, but got <number>.',
    },
  },
  SCALAR_SUBQUERY_TOO_MANY_ROWS: {
    message: 'More than one row returned by a subquery used as an expression.',
    sqlState: '21000',
  },
  MISSING_AGGREGATION: {
    message:
      'The non-aggregating expression <expression> is based on columns which are not participating in the GROUP BY clause.\n' +
      'Add the columns or the expression to the GROUP BY, aggregate the expression, or use <expressionAnyValue> if you do not care which of the values within a group is returned.',
    sqlState: '42803',
  },
  MISSING_GROUP_BY: {
    message:
      'The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.',
    sqlState: '42803',
  },
  AMBIGUOUS_REFERENCE: { message: 'Reference <name> is ambiguous, could be: <referenceNames>.', sqlState: '42704' },
  UNRESOLVED_USING_COLUMN_FOR_JOIN: {
    message:
      'USING column <colName> cannot be resolved on the <side> side of the join. The <side>-side columns: [<suggestion>].',
    sqlState: '42703',
  },
  WRONG_NUM_ARGS: {
    message: 'The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>.',
    sqlState: '42605',
    subClass: { WITHOUT_SUGGESTION: "Please, refer to '<docroot>/sql-ref-functions.html' for a fix." },
  },
  NUM_COLUMNS_MISMATCH: {
    message:
      '<operator> can only be performed on inputs with the same number of columns, but the first input has <firstNumColumns> columns and the <invalidOrdinalNum> input has <invalidNumColumns> columns.',
    sqlState: '42826',
  },
  GROUP_BY_AGGREGATE: {
    message: 'Aggregate functions are not allowed in GROUP BY, but found <sqlExpr>.',
    sqlState: '42903',
  },
  DATA_SOURCE_NOT_FOUND: {
    message:
      'Failed to find the data source: <provider>. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version.',
    sqlState: '42K02',
  },
  INVALID_SAVE_MODE: {
    message:
      'The specified save mode <mode> is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default".',
    sqlState: '42000',
  },
  UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE: {
    message: "The <format> datasource doesn't support the column <columnName> of the type <columnType>.",
    sqlState: '0A000',
  },
  UNABLE_TO_INFER_SCHEMA: {
    message: 'Unable to infer schema for <format>. It must be specified manually.',
    sqlState: '42KD9',
  },
  PATH_NOT_FOUND: { message: 'Path does not exist: <path>.', sqlState: '42K03' },
  PATH_ALREADY_EXISTS: {
    message: 'Path <outputPath> already exists. Set mode as "overwrite" to overwrite the existing path.',
    sqlState: '42K04',
  },
  CAST_INVALID_INPUT: {
    message:
      'The value <expression> of the type <sourceType> cannot be cast to <targetType> because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.',
    sqlState: '22018',
  },
  DIVIDE_BY_ZERO: {
    message:
      'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set <config> to "false" to bypass this error.',
    sqlState: '22012',
  },
  UNSUPPORTED_FEATURE: {
    message: 'The feature is not supported:',
    sqlState: '0A000',
    subClass: {
      PYTHON_UDF_IN_ON_CLAUSE:
        'Python UDF in the ON clause of a <joinType> JOIN. In case of an INNNER JOIN consider rewriting to a CROSS JOIN with a WHERE clause.',
    },
  },
  INVALID_SQL_SYNTAX: { message: 'Invalid SQL syntax:', sqlState: '42000' },
  TEMP_TABLE_OR_VIEW_ALREADY_EXISTS: {
    message:
      'Cannot create the temporary view <relationName> because it already exists.\n' +
      'Choose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.',
    sqlState: '42P07',
  },
  UNRESOLVED_WINDOW_EXPRESSION: { message: 'Cannot resolve window reference <windowName>.', sqlState: '42P20' },
  INTERNAL_ERROR: { message: '<message>', sqlState: 'XX000' },
};

/** Where in a SQL text an error points: 0-based character offsets, as Spark's Origin keeps them. */
export interface SqlOrigin {
  sqlText: string;
  startIndex: number;
  stopIndex: number;
  line: number;
  /** 0-based position in the line. */
  startPosition: number;
}

/** Spark's message template with `<param>`s filled in. */
export function errorMessage(errorClass: string, params: Record<string, string>): string {
  const [main, sub] = errorClass.split('.');
  const c = CONDITIONS[main];
  if (!c) throw new Error(`unknown error class ${errorClass}`);
  let text = c.message;
  if (sub) {
    const s = c.subClass?.[sub];
    if (s === undefined) throw new Error(`unknown error class ${errorClass}`);
    if (s) text += ' ' + s;
  }
  const filled = text.replace(/<([A-Za-z]+)>/g, (m, k: string) => (k in params ? params[k] : m));
  return `[${errorClass}] ${filled} SQLSTATE: ${c.sqlState}`;
}

/** Spark's SQLQueryContext.summary: `== SQL (line 1, position 8) ==`, the line, and `^` under the fragment. */
export function sqlContextSummary(o: SqlOrigin): string {
  const text = o.sqlText;
  const start = Math.max(o.startIndex, 0);
  const stop = Math.min(o.stopIndex, text.length - 1);
  const maxExtra = 32;
  let lineStart = start;
  while (lineStart >= 0 && start - lineStart <= maxExtra && text[lineStart] !== '\n') lineStart--;
  const startTruncated = start - lineStart > maxExtra;
  let current = lineStart - (startTruncated ? 3 : 0);
  let lineStop = stop;
  while (lineStop < text.length && lineStop - stop <= maxExtra && text[lineStop] !== '\n') lineStop++;
  const stopTruncated = lineStop - stop > maxExtra;
  const sub = (startTruncated ? '...' : '') + text.slice(lineStart + 1, lineStop) + (stopTruncated ? '...' : '');
  let out = `== SQL (line ${o.line}, position ${o.startPosition + 1}) ==\n`;
  for (const lineText of sub.split('\n')) {
    out += lineText + '\n';
    current++;
    for (let i = 0; i < lineText.length; i++) {
      if (current < start) out += ' ';
      else if (current <= stop) out += '^';
      current++;
    }
    out += '\n';
  }
  return out;
}

/**
 * Spark's AnalysisException: a query that parses but cannot run as written.
 *
 * @example
 * new AnalysisException('UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', { objectName: '`x`' }).message;
 * // '[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name `x` cannot be resolved. SQLSTATE: 42703'
 */
export class AnalysisException extends Error {
  override name = 'AnalysisException';
  constructor(
    readonly errorClass: string,
    readonly messageParameters: Record<string, string>,
    readonly origin?: SqlOrigin,
  ) {
    super(errorMessage(errorClass, messageParameters) + (origin ? '\n' + sqlContextSummary(origin) : ''));
  }
  /** Spark's `getCondition`. */
  getCondition(): string {
    return this.errorClass;
  }
}

/** Spark's ParseException: `[PARSE_SYNTAX_ERROR] … (line 1, pos 7)` then the SQL with a `^^^` marker. */
export class ParseException extends AnalysisException {
  override name = 'ParseException';
  constructor(
    errorClass: string,
    params: Record<string, string>,
    readonly command: string,
    readonly line: number,
    readonly position: number,
  ) {
    super(errorClass, params);
    this.message = parseMessage(errorMessage(errorClass, params), command, line, position);
  }
}

function parseMessage(message: string, command: string, line: number, position: number): string {
  let out = '\n' + message + ` (line ${line}, pos ${position})\n`;
  const lines = command.split('\n');
  out += '\n== SQL ==\n';
  for (const l of lines.slice(0, line)) out += l + '\n';
  out += '-'.repeat(position) + '^^^\n';
  for (const l of lines.slice(line)) out += l + '\n';
  return out;
}

/** Backquotes a name as Spark's `toSQLId` does: `a`.`b`, doubling backquotes inside. */
export function toSQLId(parts: string | readonly string[]): string {
  const list = typeof parts === 'string' ? [parts] : parts;
  return list.map((p) => '`' + p.replace(/`/g, '``') + '`').join('.');
}

/** Spark's SparkException with an error class: a query that fails while it runs (`[SCALAR_SUBQUERY_TOO_MANY_ROWS] …`). */
export class SparkException extends Error {
  override name = 'SparkException';
  constructor(
    readonly errorClass: string,
    readonly messageParameters: Record<string, string>,
  ) {
    super(errorMessage(errorClass, messageParameters));
  }
}

/** Raised for valid Spark SQL that Kindling does not run yet: says what, so the learner can rewrite it. */
export class UnsupportedSqlError extends Error {
  override name = 'UnsupportedOperationException';
}
