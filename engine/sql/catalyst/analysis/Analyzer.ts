/**
 * Spark's Analyzer: turns what the parser or the DataFrame API built
 * (names, `*`, function calls by name, table names) into a resolved logical
 * plan of typed attributes with ids, then checks it (CheckAnalysis.ts),
 * failing with Spark's AnalysisException texts.
 *
 * Rules run in one batch to a fixed point, as Spark's "Resolution" batch
 * does; each is a small function below, named after Spark's rule.
 */
import { LogicalPlan } from '../plans/logical/LogicalPlan';
import {
  Aggregate,
  Filter,
  Join,
  Project,
  Range,
  ResolvedHint,
  Sort,
  SubqueryAlias,
  UnresolvedHint,
  UnresolvedRelation,
  UnresolvedWith,
  Window,
  containsAggregate,
  type JoinType,
} from '../plans/logical/basicLogicalOperators';
import { isMultiInstance } from '../plans/logical/relations';
import { Expression, isAttribute } from '../expressions/Expression';
import { Alias, AttributeReference, isNamed, newExprId, type NamedExpression } from '../expressions/namedExpressions';
import { UnresolvedAlias, UnresolvedAttribute, UnresolvedFunction, UnresolvedStar } from './unresolved';
import { lookupFunction } from './FunctionRegistry';
import { resolveName, toPrettySQL } from './resolution';
import { coerce } from './TypeCoercion';
import { checkAnalysis } from './CheckAnalysis';
import type { SessionCatalog } from '../catalog/SessionCatalog';
import type { SQLConf } from '../../internal/SQLConf';
import { AnalysisException } from '../../errors';
import { AggregateExpression } from '../expressions/aggregate/interfaces';
import { Count } from '../expressions/aggregate/functions';
import { Literal } from '../expressions/literals';
import { EqualTo } from '../expressions/predicates';
import { And } from '../expressions/predicates';
import { Coalesce } from '../expressions/conditionalExpressions';
import {
  OffsetWindow,
  RankLike,
  SpecifiedWindowFrame,
  WindowExpression,
  WindowSpecDefinition,
} from '../expressions/windowExpressions';
import { SortOrder } from '../expressions/ordering';
import { LeafNode } from '../plans/logical/LogicalPlan';
import { canonical } from '../expressions/Expression';
import { withOriginOf } from '../trees/CurrentOrigin';
import { OuterReference, ScalarSubquery, SubqueryExpression } from '../expressions/subquery';

/** `join(other, on=["k"])` / `JOIN … USING (k)`: resolved into a Join and a Project (Spark's UsingJoin). */
export class UsingJoin extends LogicalPlan {
  readonly children: readonly LogicalPlan[];
  constructor(
    left: LogicalPlan,
    right: LogicalPlan,
    readonly joinType: JoinType,
    readonly usingColumns: readonly string[],
  ) {
    super();
    this.children = [left, right];
  }
  get output(): readonly AttributeReference[] {
    return [];
  }
  override get resolved(): boolean {
    return false;
  }
  get simpleString(): string {
    return `'Join UsingJoin(${this.joinType}, [${this.usingColumns.join(', ')}])`;
  }
}

export class Analyzer {
  /** The inputs of the queries around the subquery being resolved, innermost last (Spark's outer plans). */
  #outerScopes: (readonly AttributeReference[])[] = [];

  constructor(
    readonly catalog: SessionCatalog,
    readonly conf: SQLConf,
  ) {}

  /** A name the query itself cannot resolve, as a column of an enclosing query (Spark's OuterReference). */
  #resolveOuter(nameParts: readonly string[]): OuterReference | undefined {
    for (let i = this.#outerScopes.length - 1; i >= 0; i--) {
      const a = resolveName(nameParts, this.#outerScopes[i], this.conf);
      if (a) return new OuterReference(a);
    }
    return undefined;
  }

  /** A function by name: the session's temporary functions first, then the built-in ones (FunctionRegistry). */
  #lookupFunction(name: string, args: Expression[], isDistinct: boolean, ignoreNulls = false): Expression {
    const temporary = this.catalog.lookupTempFunction(name);
    return temporary ? temporary(args) : lookupFunction(name, args, isDistinct, ignoreNulls);
  }

  /**
   * The resolved and checked plan.
   *
   * @example
   * analyzer.execute(new Project([UnresolvedAttribute.quoted('id')], new Range(0, 10, 1, 2))).treeString();
   * // 'Project [id#0L]\n+- Range (0, 10, step=1, splits=Some(2))\n'
   */
  execute(plan: LogicalPlan): LogicalPlan {
    let p = this.substituteCTEs(plan);
    const rules: ((p: LogicalPlan) => LogicalPlan)[] = [
      (x) => this.resolveRelations(x),
      (x) => this.deduplicateRelations(x),
      (x) => this.resolveUsingJoins(x),
      (x) => this.resolveReferences(x),
      (x) => this.resolveSubqueries(x),
      (x) => this.resolveFunctions(x),
      (x) => this.resolveAliases(x),
      (x) => this.resolveMissingReferences(x),
      (x) => this.resolveAggregateFunctions(x),
      (x) => this.globalAggregates(x),
      (x) => this.extractWindowExpressions(x),
      (x) => this.resolveHints(x),
      (x) => x.transformAllExpressions(coerce),
    ];
    for (let i = 0; i < 100; i++) {
      const before = p;
      for (const rule of rules) p = rule(p);
      if (p === before) break;
    }
    checkAnalysis(p);
    return p;
  }

  /** CTESubstitution: `WITH t AS (…)` references replaced by their definitions. */
  substituteCTEs(plan: LogicalPlan): LogicalPlan {
    return plan.transformDown((node) => {
      if (!(node instanceof UnresolvedWith)) return undefined;
      let body = node.child;
      const defs: [string, LogicalPlan][] = [];
      for (const [name, def] of node.cteRelations) {
        const resolvedDef = substituteNames(this.substituteCTEs(def), defs);
        defs.push([name, resolvedDef]);
      }
      body = substituteNames(body, defs);
      return body;
    });
  }

  resolveRelations(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof UnresolvedRelation)) return undefined;
      const view = this.catalog.lookupRelation(node.multipartIdentifier);
      if (!view) return undefined;
      const name = node.multipartIdentifier[node.multipartIdentifier.length - 1];
      return new SubqueryAlias(name, view, [name]);
    });
  }

  /** DeduplicateRelations: a plan joined with itself gets new attribute ids on the right side. */
  deduplicateRelations(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Join || node instanceof UsingJoin) || !node.children.every((c) => c.resolved))
        return undefined;
      const [left, right] = node.children;
      const leftIds = new Set(left.output.map((a) => a.exprId));
      if (!right.output.some((a) => leftIds.has(a.exprId))) return undefined;
      return node.withNewChildren([left, reinstance(right)]);
    });
  }

  resolveUsingJoins(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof UsingJoin) || !node.children.every((c) => c.resolved)) return undefined;
      const [left, right] = node.children;
      const find = (side: LogicalPlan, name: string, which: string) => {
        const a = resolveName([name], side.output, this.conf);
        if (!a)
          throw new AnalysisException('UNRESOLVED_USING_COLUMN_FOR_JOIN', {
            colName: '`' + name + '`',
            side: which,
            suggestion: side.output.map((o) => '`' + o.name + '`').join(', '),
          });
        return a;
      };
      const leftKeys = node.usingColumns.map((c) => find(left, c, 'left'));
      const rightKeys = node.usingColumns.map((c) => find(right, c, 'right'));
      const condition = leftKeys
        .map((l, i): Expression => new EqualTo(l, rightKeys[i]))
        .reduce((a, b) => new And(a, b));
      const join = new Join(left, right, node.joinType, condition);
      const leftOthers = join.output
        .slice(0, left.output.length)
        .filter((a) => !leftKeys.some((k) => k.exprId === a.exprId));
      const rightOthers = join.output
        .slice(left.output.length)
        .filter((a) => !rightKeys.some((k) => k.exprId === a.exprId));
      let keys: NamedExpression[];
      if (node.joinType === 'RightOuter') keys = rightKeys;
      else if (node.joinType === 'FullOuter')
        keys = leftKeys.map((l, i) => new Alias(new Coalesce([l, rightKeys[i]]), l.name));
      else keys = leftKeys.map((l) => (node.joinType === 'LeftOuter' ? l : l));
      const others =
        node.joinType === 'LeftSemi' || node.joinType === 'LeftAnti' ? leftOthers : [...leftOthers, ...rightOthers];
      return new Project([...keys, ...others], join);
    });
  }

  resolveReferences(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (node.resolved || !node.childrenResolved || node.children.length === 0) return undefined;
      if (node instanceof UsingJoin) return undefined;
      const input = node.inputSet;
      const resolveExpr = (e: Expression) =>
        e.transformUp((x) => {
          if (x instanceof UnresolvedAttribute)
            return resolveName(x.nameParts, input, this.conf)?.withOrigin(x.origin) ?? this.#resolveOuter(x.nameParts);
          return undefined;
        });
      if (node instanceof Project || node instanceof Aggregate) {
        const expand = (list: readonly Expression[]) => list.flatMap((e) => this.expandStar(e, node.children[0]));
        if (node instanceof Project) {
          const list = expand(node.projectList).map(resolveExpr);
          return new Project(list, node.child);
        }
        return new Aggregate(
          node.groupingExpressions.map(resolveExpr),
          expand(node.aggregateExpressions).map(resolveExpr),
          node.child,
        );
      }
      return node.mapExpressions(resolveExpr);
    });
  }

  /**
   * ResolveSubquery: the query inside EXISTS, IN or a scalar subquery is analyzed with the input of the operator
   * holding it as its outer scope, so a name it cannot resolve itself reads the outer row (`outer(uid#1)`); the
   * outer columns it reads become the expression's children. A query over the same relation as the outer one gets
   * new attribute ids (Spark's DeduplicateRelations), so the join it becomes has distinct sides.
   */
  resolveSubqueries(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!node.childrenResolved) return undefined;
      const pending = (e: Expression) => e.exists((x) => x instanceof SubqueryExpression && !x.plan.resolved);
      if (!node.expressions.some(pending)) return undefined;
      const outer = node.inputSet;
      const outerIds = new Set<number>();
      for (const c of node.children) c.foreach((n) => n.output.forEach((a) => outerIds.add(a.exprId)));
      return node.mapExpressions((e) =>
        e.transformUp((x) => {
          if (!(x instanceof SubqueryExpression) || x.plan.resolved) return undefined;
          this.#outerScopes.push(outer);
          let inner: LogicalPlan;
          try {
            inner = this.execute(x.plan);
          } finally {
            this.#outerScopes.pop();
          }
          const produced: number[] = [];
          inner.foreach((n) => n.output.forEach((a) => produced.push(a.exprId)));
          if (produced.some((id) => outerIds.has(id))) inner = reinstance(inner);
          const outerAttrs: AttributeReference[] = [];
          inner.foreach((n) =>
            n.expressions.forEach((ex) =>
              ex.foreach((r) => {
                if (r instanceof OuterReference && !outerAttrs.some((a) => a.exprId === r.attribute.exprId))
                  outerAttrs.push(r.attribute);
              }),
            ),
          );
          if (x instanceof ScalarSubquery && inner.output.length !== 1)
            throw new AnalysisException(
              'INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN',
              {
                number: String(inner.output.length),
              },
            );
          return x.withNewPlan(inner, outerAttrs);
        }),
      );
    });
  }

  /** `*` and `t.*` to the columns they stand for; `count(*)` keeps its star (it means count(1)). */
  expandStar(e: Expression, child: LogicalPlan): Expression[] {
    if (e instanceof UnresolvedStar) {
      if (!e.target) return [...child.output];
      const t = e.target;
      const out = child.output.filter(
        (a) =>
          a.qualifier.length >= t.length &&
          t.every((p, i) => this.conf.resolver(p, a.qualifier[a.qualifier.length - t.length + i])),
      );
      if (out.length === 0)
        throw new AnalysisException('UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', {
          objectName: '`' + t.join('`.`') + '`.*',
        });
      return out;
    }
    return [e];
  }

  resolveFunctions(plan: LogicalPlan): LogicalPlan {
    return plan.transformAllExpressions((e) => {
      if (e instanceof UnresolvedFunction) {
        if (e.name.toLowerCase() === 'count' && e.children.length === 1 && e.children[0] instanceof UnresolvedStar)
          return new AggregateExpression(new Count([Literal.create(1)]), 'Complete', false);
        if (!e.childrenResolved) return undefined;
        try {
          return this.#lookupFunction(e.name, [...e.children], e.isDistinct, e.ignoreNulls).withOrigin(e.origin);
        } catch (err) {
          if (err instanceof AnalysisException && e.origin && !err.origin)
            throw new AnalysisException(err.errorClass, err.messageParameters, e.origin);
          throw err;
        }
      }
      if (e instanceof WindowExpression && e.childrenResolved) return withRequiredFrame(e);
      return undefined;
    });
  }

  resolveAliases(plan: LogicalPlan): LogicalPlan {
    const name = (list: readonly Expression[]) => {
      let changed = false;
      const out = list.map((e) => {
        if (e instanceof UnresolvedAlias) {
          if (!e.child.resolved) return e;
          changed = true;
          return isNamed(e.child) ? e.child : new Alias(e.child, toPrettySQL(e.child));
        }
        if (!isNamed(e) && e.resolved) {
          changed = true;
          return new Alias(e, toPrettySQL(e));
        }
        return e;
      });
      return changed ? out : list;
    };
    return plan.transformUp((node) => {
      if (node instanceof Project) {
        const list = name(node.projectList);
        return list === node.projectList ? undefined : new Project(list, node.child);
      }
      if (node instanceof Aggregate) {
        const list = name(node.aggregateExpressions);
        // Spark's CleanupAliases: grouping by `expr AS k` groups by `expr`.
        const grouping = node.groupingExpressions.some((g) => g instanceof Alias)
          ? node.groupingExpressions.map((g) => (g instanceof Alias ? g.child : g))
          : node.groupingExpressions;
        if (list === node.aggregateExpressions && grouping === node.groupingExpressions) return undefined;
        return new Aggregate(grouping, list, node.child);
      }
      return undefined;
    });
  }

  /** ORDER BY a column the SELECT leaves out: add it below the sort and project it away above. */
  resolveMissingReferences(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Sort) || node.resolved || !node.childrenResolved) return undefined;
      const child = node.child;
      if (!(child instanceof Project) && !(child instanceof Aggregate)) return undefined;
      const below = child instanceof Project ? child.child : child.child;
      const missing: AttributeReference[] = [];
      const order = node.order.map((o) =>
        o.transformUp((x) => {
          if (!(x instanceof UnresolvedAttribute)) return undefined;
          const own = resolveName(x.nameParts, child.output, this.conf);
          if (own) return own;
          const a = resolveName(x.nameParts, below.output, this.conf);
          if (a && !missing.some((m) => m.exprId === a.exprId)) missing.push(a);
          return a;
        }),
      ) as SortOrder[];
      if (missing.length === 0) return undefined;
      const widened = withOriginOf(child, () =>
        child instanceof Project
          ? new Project([...child.projectList, ...missing], child.child)
          : new Aggregate(child.groupingExpressions, [...child.aggregateExpressions, ...missing], child.child),
      );
      return new Project(child.output, new Sort(order, node.global, widened));
    });
  }

  /** HAVING and ORDER BY with aggregates above an Aggregate: computed in it, then filtered or sorted on. */
  resolveAggregateFunctions(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Filter || node instanceof Sort)) return undefined;
      const agg = node.child;
      if (!(agg instanceof Aggregate) || !agg.resolved) return undefined;
      const exprs = node instanceof Filter ? [node.condition] : node.order;
      if (
        !exprs.some((e) =>
          e.exists(
            (x) =>
              x instanceof UnresolvedFunction || x instanceof AggregateExpression || x instanceof UnresolvedAttribute,
          ),
        )
      )
        return undefined;
      // Resolve names against the aggregate's output first, then its input (grouping columns).
      const extra: NamedExpression[] = [];
      const rewrite = (e: Expression): Expression =>
        e.transformUp((x) => {
          if (x instanceof UnresolvedAttribute) {
            return (
              resolveName(x.nameParts, agg.output, this.conf) ?? resolveName(x.nameParts, agg.child.output, this.conf)
            );
          }
          if (x instanceof UnresolvedFunction && x.childrenResolved) {
            if (x.name.toLowerCase() === 'count' && x.children[0] instanceof UnresolvedStar) return undefined;
            return this.#lookupFunction(x.name, [...x.children], x.isDistinct);
          }
          return undefined;
        });
      const pull = (e: Expression): Expression =>
        e.transformDown((x) => {
          if (x instanceof AggregateExpression) {
            const existing = agg.aggregateExpressions.find((a) => a instanceof Alias && a.child.semanticEquals(x)) as
              Alias | undefined;
            if (existing) return existing.toAttribute();
            const alias = new Alias(x, toPrettySQL(x));
            extra.push(alias);
            return alias.toAttribute();
          }
          return undefined;
        });
      const rewritten = exprs.map((e) => pull(rewrite(e)));
      if (!rewritten.every((e) => e.resolved)) return undefined;
      // Grouping columns the condition reads but the SELECT dropped.
      for (const e of rewritten)
        for (const r of e.references)
          if (!agg.output.some((o) => o.exprId === r.exprId) && !extra.some((x) => x.exprId === r.exprId))
            extra.push(r as AttributeReference);
      const newAgg = withOriginOf(
        agg,
        () => new Aggregate(agg.groupingExpressions, [...agg.aggregateExpressions, ...extra], agg.child),
      );
      const top =
        node instanceof Filter
          ? new Filter(rewritten[0], newAgg)
          : new Sort(rewritten as SortOrder[], node.global, newAgg);
      return extra.length === 0 ? top : new Project(agg.output, top);
    });
  }

  /** A SELECT with aggregates and no GROUP BY is an Aggregate with no grouping (one row). */
  globalAggregates(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (
        node instanceof Project &&
        node.resolved &&
        node.projectList.some(containsAggregate) &&
        !node.projectList.some(hasWindow)
      )
        return new Aggregate([], node.projectList, node.child);
      return undefined;
    });
  }

  /** Window functions in a SELECT become Window operators, one per partitioning and ordering. */
  extractWindowExpressions(plan: LogicalPlan): LogicalPlan {
    return plan.transformUp((node) => {
      if (!(node instanceof Project) || !node.resolved || !node.projectList.some(hasWindow)) return undefined;
      const groups = new Map<string, { spec: WindowSpecDefinition; exprs: NamedExpression[] }>();
      const add = (named: NamedExpression, w: WindowExpression) => {
        const key = [...w.windowSpec.partitionSpec, ...w.windowSpec.orderSpec].map(canonical).join('|');
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { spec: w.windowSpec, exprs: [] }));
        g.exprs.push(named);
      };
      let n = 0;
      const list = node.projectList.map((e) => {
        if (e instanceof Alias && e.child instanceof WindowExpression) {
          add(e, e.child);
          return e.toAttribute();
        }
        return e.transformDown((x) => {
          if (!(x instanceof WindowExpression)) return undefined;
          const alias = new Alias(x, `_we${n++}`);
          add(alias, x);
          return alias.toAttribute();
        });
      });
      let child: LogicalPlan = node.child;
      for (const g of groups.values()) child = new Window(g.exprs, g.spec.partitionSpec, g.spec.orderSpec, child);
      return new Project(list as Expression[], child);
    });
  }

  /** BROADCAST / MERGE / SHUFFLE_HASH hints by table name, or on the whole subtree. */
  resolveHints(plan: LogicalPlan): LogicalPlan {
    return plan.transformDown((node) => {
      if (!(node instanceof UnresolvedHint)) return undefined;
      const strategy = hintStrategy(node.name);
      if (!strategy) return node.child;
      if (node.parameters.length === 0) return new ResolvedHint(strategy, node.child);
      const names = node.parameters.map((n) => n.toLowerCase());
      return node.child.transformDown((p) =>
        p instanceof SubqueryAlias && names.includes(p.alias.toLowerCase()) ? new ResolvedHint(strategy, p) : undefined,
      );
    });
  }
}

function hasWindow(e: Expression): boolean {
  return e.exists((x) => x instanceof WindowExpression);
}

function hintStrategy(name: string): string | undefined {
  const n = name.toUpperCase();
  if (['BROADCAST', 'BROADCASTJOIN', 'MAPJOIN'].includes(n)) return 'broadcast';
  if (['MERGE', 'SHUFFLE_MERGE', 'MERGEJOIN'].includes(n)) return 'shuffle_merge';
  if (n === 'SHUFFLE_HASH') return 'shuffle_hash';
  if (n === 'SHUFFLE_REPLICATE_NL') return 'shuffle_replicate_nl';
  return undefined;
}

/** Ranking functions always use ROWS UNBOUNDED PRECEDING TO CURRENT ROW; lag/lead a one-row frame (ResolveWindowFrame). */
function withRequiredFrame(w: WindowExpression): Expression | undefined {
  let f = w.windowFunction;
  if (f instanceof RankLike && f.fn !== 'row_number' && f.children.length === 0 && w.windowSpec.orderSpec.length > 0) {
    f = new RankLike(
      f.fn,
      w.windowSpec.orderSpec.map((o) => o.child),
    );
    return new WindowExpression(f, w.windowSpec);
  }
  let frame: SpecifiedWindowFrame | undefined;
  if (f instanceof RankLike) frame = new SpecifiedWindowFrame('RowFrame', 'unboundedpreceding', 'currentrow');
  else if (f instanceof OffsetWindow) {
    const off = f.fn === 'lag' ? -f.offset : f.offset;
    frame = new SpecifiedWindowFrame('RowFrame', off, off);
  }
  if (!frame || w.windowSpec.frame.toString() === frame.toString()) return undefined;
  const spec = new WindowSpecDefinition(w.windowSpec.partitionSpec, w.windowSpec.orderSpec, frame);
  return new WindowExpression(f, spec);
}

/** Replaces references to CTE names with their definitions. */
function substituteNames(plan: LogicalPlan, defs: readonly [string, LogicalPlan][]): LogicalPlan {
  if (defs.length === 0) return plan;
  return plan.transformUp((node) => {
    if (!(node instanceof UnresolvedRelation) || node.multipartIdentifier.length !== 1) return undefined;
    const name = node.multipartIdentifier[0].toLowerCase();
    for (let i = defs.length - 1; i >= 0; i--)
      if (defs[i][0].toLowerCase() === name) return new SubqueryAlias(defs[i][0], defs[i][1]);
    return undefined;
  });
}

/** The same plan with new ids for every attribute its leaves and aliases make (for self-joins). */
export function reinstance(plan: LogicalPlan): LogicalPlan {
  const mapping = new Map<number, AttributeReference>();
  const remap = (e: Expression) =>
    e.transformUp((x) => {
      if (x instanceof AttributeReference) {
        const n = mapping.get(x.exprId);
        return n ? n.withQualifier(x.qualifier).withName(x.name) : undefined;
      }
      return undefined;
    });
  return plan.transformUp((node) => {
    if (node instanceof LeafNode) {
      let fresh: LogicalPlan | undefined;
      if (isMultiInstance(node)) fresh = node.newInstance();
      else if (node instanceof Range)
        fresh = new Range(
          node.start,
          node.end,
          node.step,
          node.numSlices,
          node.output.map((a) => a.newInstance()),
        );
      if (!fresh) return undefined;
      node.output.forEach((a, i) => mapping.set(a.exprId, fresh.output[i]));
      return fresh;
    }
    const remapped = node.mapExpressions((e) => {
      const r = remap(e);
      if (r instanceof Alias) {
        const fresh = new Alias(r.child, r.name, newExprId(), r.qualifier);
        mapping.set(r.exprId, fresh.toAttribute());
        return fresh;
      }
      return r;
    });
    return remapped;
  });
}

void isAttribute;
