/**
 * Spark's own grammar (SqlBaseParser.g4, compiled by antlr-ng) parses
 * Spark's dialect; AstBuilder makes the unresolved plans Spark's
 * AstBuilder makes, printed with Spark's `'` for unresolved nodes.
 */
import { describe, expect, it } from 'vitest';
import { parseExpression, parsePlan } from '../../../engine/sql/catalyst/parser/ParseDriver';
import { lines, normalizeIds } from './session';

describe('SQL parser', () => {
  it('parses a grouped, filtered, ordered and limited query', () => {
    const plan = parsePlan(
      'select a, count(*) as n from t where a > 1 group by a having n > 2 order by n desc limit 10',
    );
    expect(normalizeIds(plan.treeString())).toBe(
      lines(`
        'GlobalLimit 10
        +- 'LocalLimit 10
           +- 'Sort ['n DESC NULLS LAST], true
              +- 'Filter ('n > 2)
                 +- 'Aggregate ['a], ['a, 'count(*) AS n#0]
                    +- 'Filter ('a > 1)
                       +- 'UnresolvedRelation [t], [], false
      `),
    );
  });

  // TreeNode.generateTreeString prints innerChildren (a CTE's definitions) at depth + 2
  it('parses CTEs, aliases, joins with ON and USING, and a broadcast hint', () => {
    const plan = parsePlan(
      'WITH big AS (SELECT * FROM orders WHERE amount > 100) ' +
        'SELECT /*+ BROADCAST(p) */ o.id, p.name FROM big o JOIN products p ON o.pid = p.id LEFT JOIN users u USING (uid)',
    );
    expect(normalizeIds(plan.treeString())).toBe(
      lines(`
        'UnresolvedWith [big]
        :  +- 'SubqueryAlias big
        :     +- 'Project [*]
        :        +- 'Filter ('amount > 100)
        :           +- 'UnresolvedRelation [orders], [], false
        +- 'UnresolvedHint BROADCAST, [p]
           +- 'Project ['o.id, 'p.name]
              +- 'Join UsingJoin(LeftOuter, [uid])
                 :- 'Join Inner, ('o.pid = 'p.id)
                 :  :- 'SubqueryAlias o
                 :  :  +- 'UnresolvedRelation [big], [], false
                 :  +- 'SubqueryAlias p
                 :     +- 'UnresolvedRelation [products], [], false
                 +- 'SubqueryAlias u
                    +- 'UnresolvedRelation [users], [], false
      `),
    );
  });

  it('parses expressions: CASE, CAST, IN, BETWEEN, LIKE, IS NULL, windows', () => {
    expect(parseExpression("CASE WHEN x > 1 THEN 'big' ELSE 'small' END").toString()).toBe(
      "CASE WHEN ('x > 1) THEN big ELSE small END",
    );
    expect(parseExpression('cast(id AS bigint) + 1L').toString()).toBe("(cast('id as bigint) + 1)");
    expect(parseExpression('x IN (1, 2) AND y BETWEEN 3 AND 4').toString()).toBe(
      "('x IN (1,2) AND (('y >= 3) AND ('y <= 4)))",
    );
    expect(parseExpression("name LIKE 'a%' OR name IS NULL").toString()).toBe("('name LIKE a% OR isnull('name))");
    expect(parseExpression('rank() OVER (PARTITION BY d ORDER BY s DESC)').toString()).toBe(
      "'rank() windowspecdefinition('d, 's DESC NULLS LAST, specifiedwindowframe(RangeFrame, unboundedpreceding$(), currentrow$()))",
    );
  });

  it('reads keywords in any case and keeps the case of names', () => {
    expect(parsePlan('SeLeCt Amount FrOm Orders').treeString()).toBe(
      lines(`
        'Project ['Amount]
        +- 'UnresolvedRelation [Orders], [], false
      `),
    );
  });
});
