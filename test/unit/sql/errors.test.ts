/**
 * Analysis and parse errors carry Spark 4's error classes and texts
 * (common/utils/src/main/resources/error/error-conditions.json), with the
 * position in the SQL text as Spark's SQLQueryContext prints it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { F, AnalysisException, ParseException } from '../../../engine/sql';
import { testSession } from './session';

const { spark, stop } = testSession();
afterAll(stop);

const orders = spark.createDataFrame([[1, 'a', 10.5]], ['order_id', 'product_id', 'amount']);
orders.createOrReplaceTempView('orders');

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error was thrown');
}

describe('AnalysisException', () => {
  it('names an unknown column and suggests the closest ones, at the line that named it', () => {
    const e = errorOf(() => orders.select('amout'));
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e.message).toBe(
      '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `amout` cannot be resolved. ' +
        'Did you mean one of the following? [`amount`, `product_id`, `order_id`]. SQLSTATE: 42703',
    );
  });

  // AstBuilder.visitCurrentLike: `user`, `current_date`… are a column's name first (spark.sql.ansi.enforceReservedKeywords
  // is false by default); LiteralFunctionResolution makes them functions only where no column has the name
  it('reads a column named user or current_date, and says which of those functions it does not run', async () => {
    const visits = spark.createDataFrame(
      [
        ['ann', '2026-12-01'],
        ['bob', '2026-12-02'],
      ],
      ['user', 'current_date'],
    );
    visits.createOrReplaceTempView('visits');
    const rows = await spark.sql('SELECT user, current_date FROM visits ORDER BY user').collect();
    expect(rows.map((r) => r.toArray())).toEqual([
      ['ann', '2026-12-01'],
      ['bob', '2026-12-02'],
    ]);
    const e = errorOf(() => spark.sql('SELECT current_date FROM orders'));
    expect(e.name).toBe('UnsupportedOperationException');
    expect(e.message).toBe('Kindling does not run current_date in SQL yet.');
  });

  // CheckAnalysis (InSubquery's checkInputDataTypes: IN_SUBQUERY_LENGTH_MISMATCH); ResolveSubquery resolves a name
  // the subquery lacks against the outer query, so an unknown one is reported with the subquery's own columns
  it('rejects an IN subquery of two columns and names an unknown column inside a subquery', () => {
    const e = errorOf(() => spark.sql('SELECT 1 FROM orders WHERE order_id IN (SELECT order_id, amount FROM orders)'));
    expect(e.message).toMatch(
      /^\[DATATYPE_MISMATCH\.IN_SUBQUERY_LENGTH_MISMATCH\] Cannot resolve "\(order_id IN \(listquery\(\)\)\)" due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery\. Left hand side columns\(length: 1\): \["order_id"\], right hand side columns\(length: 2\): \["order_id", "amount"\]\. SQLSTATE: 42K09/,
    );
    const missing = errorOf(() =>
      spark.sql('SELECT 1 FROM orders o WHERE EXISTS (SELECT 1 FROM orders WHERE amout > 1)'),
    );
    expect(missing).toBeInstanceOf(AnalysisException);
    expect(missing.message).toContain('[UNRESOLVED_COLUMN.WITH_SUGGESTION]');
    expect(missing.message).toContain('`amout`');
    // The session still answers.
    expect(spark.sql('SELECT order_id FROM orders WHERE order_id IN (SELECT order_id FROM orders)').columns).toEqual([
      'order_id',
    ]);
  });

  // ScalarSubquery.updateResult (QueryExecutionErrors.multipleRowScalarSubqueryError), CheckAnalysis; Kindling
  // refuses what RewriteCorrelatedScalarSubquery would make a join
  it('fails a scalar subquery of two rows when it runs, and refuses correlated scalar subqueries', async () => {
    const twoRows = spark.sql('SELECT (SELECT order_id FROM orders UNION ALL SELECT order_id FROM orders) AS x');
    await expect(twoRows.collect()).rejects.toThrow(
      '[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression. SQLSTATE: 21000',
    );
    const twoColumns = errorOf(() => spark.sql('SELECT (SELECT order_id, amount FROM orders) AS x'));
    expect(twoColumns.message).toBe(
      '[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] Invalid subquery: Scalar subquery must return only one column, but got 2. SQLSTATE: 42823',
    );
    const correlated = errorOf(() =>
      spark
        .sql('SELECT (SELECT max(amount) FROM orders i WHERE i.product_id = o.product_id) AS m FROM orders o')
        .explain(),
    );
    expect(correlated.name).toBe('UnsupportedOperationException');
    expect(correlated.message).toContain('correlated scalar subqueries');
    expect(Number((await spark.sql('SELECT (SELECT count(*) FROM orders) AS n').collect())[0].n)).toBe(1);
  });

  it('points at the column in SQL text', () => {
    const e = errorOf(() => spark.sql('SELECT order_id,\n  amout FROM orders'));
    expect(e.message).toBe(
      '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `amout` cannot be resolved. ' +
        'Did you mean one of the following? [`amount`, `product_id`, `order_id`]. SQLSTATE: 42703\n' +
        '== SQL (line 2, position 3) ==\n  amout FROM orders\n  ^^^^^\n',
    );
  });

  it('reports a table that does not exist', () => {
    const e = errorOf(() => spark.sql('SELECT * FROM sales'));
    expect(e.message.split('\n')[0]).toBe(
      '[TABLE_OR_VIEW_NOT_FOUND] The table or view `sales` cannot be found. Verify the spelling and correctness of the schema and catalog.',
    );
    expect(e.message).toContain(
      'SQLSTATE: 42P01\n== SQL (line 1, position 15) ==\nSELECT * FROM sales\n              ^^^^^\n',
    );
  });

  it('reports a function that does not exist', () => {
    const e = errorOf(() => spark.sql('SELECT summ(amount) FROM orders'));
    expect(e.message.split('\n')[0]).toBe(
      '[UNRESOLVED_ROUTINE] Cannot resolve routine `summ` on search path [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]. SQLSTATE: 42883',
    );
  });

  it('reports a selected column that is neither grouped nor aggregated', () => {
    const e = errorOf(() => spark.sql('SELECT product_id, amount FROM orders GROUP BY product_id'));
    expect(e.message.split('\n').slice(0, 2).join('\n')).toBe(
      '[MISSING_AGGREGATION] The non-aggregating expression "amount" is based on columns which are not participating in the GROUP BY clause.\n' +
        'Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(amount)" if you do not care which of the values within a group is returned. SQLSTATE: 42803',
    );
  });

  it('reports operands of incompatible types', () => {
    const e = errorOf(() => orders.select(F.col('product_id').plus(true)));
    expect(e.message).toBe(
      '[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(product_id + true)" due to data type mismatch: ' +
        'the left and right operands of the binary operator have incompatible types ("STRING" and "BOOLEAN"). SQLSTATE: 42K09',
    );
  });

  it('reports a reference that two joined columns could satisfy', () => {
    const products = spark.createDataFrame([['a', 'apple']], ['product_id', 'name']);
    const joined = orders.join(products, orders.col('product_id').equalTo(products.col('product_id')));
    const e = errorOf(() => joined.select('product_id'));
    expect(e.message).toMatch(
      /^\[AMBIGUOUS_REFERENCE\] Reference `product_id` is ambiguous, could be: \[`product_id`, `product_id`\]\. SQLSTATE: 42704$/,
    );
  });

  it('leaves the session usable after an error', () => {
    errorOf(() => spark.sql('SELECT nope FROM orders'));
    expect(spark.sql('SELECT order_id FROM orders').columns).toEqual(['order_id']);
  });
});

describe('ParseException', () => {
  it("shows Spark's message, line and position, and the text with a marker", () => {
    const e = errorOf(() => spark.sql('SELEC order_id FROM orders'));
    expect(e).toBeInstanceOf(ParseException);
    expect(e.message).toBe(
      "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC order_id FROM orders\n^^^\n",
    );
  });

  it('says "end of input" when the text stops too early', () => {
    const e = errorOf(() => spark.sql('SELECT order_id FROM orders WHERE amount >'));
    expect(e.message.split('\n')[1]).toBe(
      '[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 42)',
    );
  });

  it('marks the position on the right line of a multi-line query', () => {
    const e = errorOf(() => spark.sql('SELECT order_id\nFROM orders\nWHERE amount > > 1'));
    expect(e.message).toBe(
      "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '>'. SQLSTATE: 42601 (line 3, pos 15)\n\n== SQL ==\nSELECT order_id\nFROM orders\nWHERE amount > > 1\n---------------^^^\n",
    );
  });

  it('reads an empty statement as PARSE_EMPTY_STATEMENT', () => {
    expect(errorOf(() => spark.sql('  ')).message.split('\n')[1]).toBe(
      '[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617 (line 1, pos 2)',
    );
  });

  it('reports SQL expression strings the same way', () => {
    const e = errorOf(() => orders.filter('amount > > 1'));
    expect(e).toBeInstanceOf(ParseException);
  });
});
