/**
 * Spark's TreeNode: the immutable trees that expressions and plans are made
 * of, with the traversals Catalyst's rules are written in (`transformUp`,
 * `transformDown`, `collect`, `foreach`). A node copies itself with new
 * children; every other field is kept, so subclasses need no copy code of
 * their own (Spark's `makeCopy` does this through the case class's
 * constructor; here every field is a plain own property).
 */
import { CurrentOrigin, type PlanCallSite } from './CurrentOrigin';

export abstract class TreeNode<T extends TreeNode<T>> {
  abstract get children(): readonly T[];

  /**
   * The program's line that made this node (plans only; see CurrentOrigin).
   * Declared, not defined, so expressions carry no such field.
   */
  declare callSite?: PlanCallSite;

  /** This node with `children` in place of its own; the node itself when nothing changed. */
  withNewChildren(children: readonly T[]): T {
    const own = this.children;
    if (children.length === own.length && children.every((c, i) => c === own[i])) return this as unknown as T;
    return this.copyWith({ children } as Partial<T>);
  }

  /** A shallow copy with some fields replaced (Spark's `copy(...)`). */
  copyWith(fields: Partial<T>): T {
    const copy = Object.create(Object.getPrototypeOf(this)) as T;
    Object.assign(copy, this, fields);
    return copy;
  }

  /** Applies `rule` to every node, children first (Spark's transformUp). */
  transformUp(rule: (node: T) => T | undefined): T {
    const afterChildren = this.withNewChildren(this.children.map((c) => c.transformUp(rule)));
    // As Spark's: what the rule builds in this node's place inherits its origin.
    return CurrentOrigin.withOrigin(this.callSite, () => rule(afterChildren)) ?? afterChildren;
  }

  /** Applies `rule` to every node, parents first; the rule's result's children are then transformed. */
  transformDown(rule: (node: T) => T | undefined): T {
    const self = CurrentOrigin.withOrigin(this.callSite, () => rule(this as unknown as T)) ?? (this as unknown as T);
    return self.withNewChildren(self.children.map((c) => c.transformDown(rule)));
  }

  foreach(f: (node: T) => void): void {
    f(this as unknown as T);
    for (const c of this.children) c.foreach(f);
  }

  collect<R>(pf: (node: T) => R | undefined): R[] {
    const out: R[] = [];
    this.foreach((n) => {
      const r = pf(n);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  find(p: (node: T) => boolean): T | undefined {
    if (p(this as unknown as T)) return this as unknown as T;
    for (const c of this.children) {
      const hit = c.find(p);
      if (hit) return hit;
    }
    return undefined;
  }

  exists(p: (node: T) => boolean): boolean {
    return this.find(p) !== undefined;
  }

  /** The class name, for messages only: minified builds rename classes (see classKey for identity). */
  get nodeName(): string {
    return this.constructor.name;
  }
}

const classKeys = new WeakMap<object, number>();
let nextClassKey = 0;

/** A number for the node's class, the same within one running build (class names are minified away). */
export function classKey(node: object): number {
  const ctor = node.constructor;
  let key = classKeys.get(ctor);
  if (key === undefined) classKeys.set(ctor, (key = nextClassKey++));
  return key;
}

/**
 * Spark's `treeString`: each node's `simpleString` on a line of its own,
 * children under `+- ` and `:- ` with `:  ` continuing earlier siblings.
 */
export function treeString<T extends { children: readonly T[] }>(
  root: T,
  line: (node: T) => string,
  innerChildren: (node: T) => readonly T[] = () => [],
  /** Lines of inner children of another kind of tree (a cached relation's physical plan), given the node's indent. */
  foreignLines: (node: T, indent: string) => readonly string[] = () => [],
): string {
  const out: string[] = [];
  const walk = (node: T, lastChildren: boolean[]) => {
    let prefix = '';
    if (lastChildren.length > 0) {
      for (const last of lastChildren.slice(0, -1)) prefix += last ? '   ' : ':  ';
      prefix += lastChildren[lastChildren.length - 1] ? '+- ' : ':- ';
    }
    out.push(prefix + line(node));
    out.push(...foreignLines(node, lastChildren.map((last) => (last ? '   ' : ':  ')).join('')));
    // As Spark's generateTreeString: inner children (subqueries, a CTE's definitions) two levels down, under a
    // `:  ` that continues to the node's own children.
    const inner = innerChildren(node);
    inner.forEach((c, i) => walk(c, [...lastChildren, node.children.length === 0, i === inner.length - 1]));
    node.children.forEach((c, i) => walk(c, [...lastChildren, i === node.children.length - 1]));
  };
  walk(root, []);
  return out.join('\n') + '\n';
}
