/**
 * Scope analysis for closures: which names each function reads from outside
 * itself. Written as one explicit walk over acorn's ESTree so that every
 * binding form (destructuring, defaults, catch, block scopes, `var` hoisting,
 * class and function-expression names) is resolved per identifier, not per
 * name — a block inside a lambda that shadows `factor` must not make the
 * lambda capture the outer `factor`.
 */
import type * as acorn from 'acorn';

/** Every function node acorn produces. */
export type FunctionNode =
  | acorn.FunctionDeclaration
  | acorn.FunctionExpression
  | acorn.ArrowFunctionExpression
  | acorn.AnonymousFunctionDeclaration;

/** What {@link analyzeScopes} found. */
export interface ScopeAnalysis {
  /**
   * For every function (methods included), the names it references that are
   * declared outside it — in the program or in `declared` — in order of first
   * reference. A function's own name, params and locals are never listed.
   */
  freeVariables: Map<FunctionNode, string[]>;
  /** Names referenced but declared nowhere: globals such as `Math` or `console`. */
  globals: Set<string>;
}

type ScopeKind = 'outer' | 'program' | 'function' | 'block';

class Scope {
  readonly declarations = new Set<string>();
  /** Names bound implicitly by the function itself (`arguments`): never captured. */
  readonly implicit = new Set<string>();

  constructor(
    readonly parent: Scope | null,
    readonly kind: ScopeKind,
    /** The function whose own scope this is (absent for class static blocks). */
    readonly fn?: FunctionNode,
  ) {}

  /** The scope `var` declarations land in. */
  varScope(): Scope {
    return this.kind === 'block' && this.parent ? this.parent.varScope() : this;
  }

  owner(name: string): Scope | null {
    if (this.declarations.has(name) || this.implicit.has(name)) return this;
    return this.parent ? this.parent.owner(name) : null;
  }
}

interface Reference {
  name: string;
  scope: Scope;
}

/**
 * Resolves every identifier of `root` and reports each function's free
 * variables and the program's undeclared (global) names.
 *
 * @param declared names bound around the whole program (the driver passes `['sc']`),
 *   so that referencing them counts as capturing them.
 * @example
 * const program = acorn.parse('const k = 2; const f = (x) => x * k * Math.PI;', options);
 * const { freeVariables, globals } = analyzeScopes(program);
 * // freeVariables: arrow → ['k']; globals: {'Math'}
 */
export function analyzeScopes(root: acorn.Node, declared: Iterable<string> = []): ScopeAnalysis {
  const outer = new Scope(null, 'outer');
  for (const name of declared) outer.declarations.add(name);
  const program = new Scope(outer, 'program');
  const references: Reference[] = [];
  const functions: FunctionNode[] = [];

  const reference = (name: string, scope: Scope) => references.push({ name, scope });

  const visitAll = (nodes: ReadonlyArray<acorn.AnyNode | null | undefined>, scope: Scope) => {
    for (const node of nodes) if (node) visit(node, scope);
  };

  /** Declares the names a binding pattern introduces; defaults and computed keys are expressions read in `readScope`. */
  const declarePattern = (pattern: acorn.Pattern | acorn.AnyNode, target: Scope, readScope: Scope): void => {
    switch (pattern.type) {
      case 'Identifier':
        target.declarations.add(pattern.name);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') {
            declarePattern(property.argument, target, readScope);
          } else {
            if (property.computed) visit(property.key, readScope);
            declarePattern(property.value, target, readScope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) declarePattern(element, target, readScope);
        return;
      case 'RestElement':
        declarePattern(pattern.argument, target, readScope);
        return;
      case 'AssignmentPattern':
        declarePattern(pattern.left, target, readScope);
        visit(pattern.right, readScope);
        return;
      default:
        // A MemberExpression is only a valid target in assignments, not declarations.
        visit(pattern, readScope);
    }
  };

  /** Targets of `=` and of `for (x of …)` without a declaration: identifiers there are references (writes). */
  const visitAssignmentTarget = (pattern: acorn.AnyNode, scope: Scope): void => {
    switch (pattern.type) {
      case 'Identifier':
        reference(pattern.name, scope);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') {
            visitAssignmentTarget(property.argument, scope);
          } else {
            if (property.computed) visit(property.key, scope);
            visitAssignmentTarget(property.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) visitAssignmentTarget(element, scope);
        return;
      case 'RestElement':
        visitAssignmentTarget(pattern.argument, scope);
        return;
      case 'AssignmentPattern':
        visitAssignmentTarget(pattern.left, scope);
        visit(pattern.right, scope);
        return;
      default:
        visit(pattern, scope);
    }
  };

  const visitFunction = (fn: FunctionNode, scope: Scope) => {
    functions.push(fn);
    const own = new Scope(scope, 'function', fn);
    // A function expression's name is visible only inside it.
    if (fn.type === 'FunctionExpression' && fn.id) own.declarations.add(fn.id.name);
    if (fn.type !== 'ArrowFunctionExpression') own.implicit.add('arguments');
    for (const param of fn.params) declarePattern(param, own, own);
    if (fn.body.type === 'BlockStatement') visitAll(fn.body.body, own);
    else visit(fn.body, own);
  };

  const visitClass = (
    cls: acorn.ClassDeclaration | acorn.ClassExpression | acorn.AnonymousClassDeclaration,
    scope: Scope,
  ) => {
    if (cls.superClass) visit(cls.superClass, scope);
    for (const element of cls.body.body) {
      if (element.type === 'StaticBlock') {
        visitAll(element.body, new Scope(scope, 'function'));
        continue;
      }
      if (element.computed) visit(element.key, scope);
      if (element.type === 'MethodDefinition') visitFunction(element.value, scope);
      else if (element.value) visit(element.value, scope);
    }
  };

  const visitVariableDeclaration = (declaration: acorn.VariableDeclaration, scope: Scope) => {
    const target = declaration.kind === 'var' ? scope.varScope() : scope;
    for (const declarator of declaration.declarations) {
      declarePattern(declarator.id, target, scope);
      if (declarator.init) visit(declarator.init, scope);
    }
  };

  const visit = (node: acorn.AnyNode, scope: Scope): void => {
    switch (node.type) {
      case 'Identifier':
        reference(node.name, scope);
        return;
      case 'Program':
        visitAll(node.body, scope);
        return;
      case 'FunctionDeclaration':
        if (node.id) scope.declarations.add(node.id.name);
        visitFunction(node, scope);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        visitFunction(node, scope);
        return;
      case 'ClassDeclaration':
        if (node.id) scope.declarations.add(node.id.name);
        visitClass(node, scope);
        return;
      case 'ClassExpression': {
        if (!node.id) return visitClass(node, scope);
        const named = new Scope(scope, 'block');
        named.declarations.add(node.id.name);
        visitClass(node, named);
        return;
      }
      case 'VariableDeclaration':
        visitVariableDeclaration(node, scope);
        return;
      case 'BlockStatement':
        visitAll(node.body, new Scope(scope, 'block'));
        return;
      case 'StaticBlock':
        visitAll(node.body, new Scope(scope, 'function'));
        return;
      case 'ForStatement': {
        const loop = new Scope(scope, 'block');
        visitAll([node.init, node.test, node.update, node.body], loop);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loop = new Scope(scope, 'block');
        if (node.left.type === 'VariableDeclaration') visitVariableDeclaration(node.left, loop);
        else visitAssignmentTarget(node.left, loop);
        visitAll([node.right, node.body], loop);
        return;
      }
      case 'SwitchStatement': {
        visit(node.discriminant, scope);
        const cases = new Scope(scope, 'block');
        for (const switchCase of node.cases) {
          if (switchCase.test) visit(switchCase.test, cases);
          visitAll(switchCase.consequent, cases);
        }
        return;
      }
      case 'CatchClause': {
        const handler = new Scope(scope, 'block');
        if (node.param) declarePattern(node.param, handler, handler);
        visit(node.body, handler);
        return;
      }
      case 'LabeledStatement':
        visit(node.body, scope);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'PrivateIdentifier':
      case 'ThisExpression':
      case 'Super':
      case 'Literal':
      case 'TemplateElement':
      case 'ExportAllDeclaration':
        return;
      case 'MemberExpression':
        visit(node.object, scope);
        if (node.computed) visit(node.property, scope);
        return;
      case 'Property':
        // In an object literal: `{ k: v }` reads v; `{ k }` (shorthand) reads k through its value node.
        if (node.computed) visit(node.key, scope);
        visit(node.value, scope);
        return;
      case 'AssignmentExpression':
        visitAssignmentTarget(node.left, scope);
        visit(node.right, scope);
        return;
      case 'ImportDeclaration':
        for (const specifier of node.specifiers) program.declarations.add(specifier.local.name);
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) visit(node.declaration, scope);
        // `export { a as b }` reads a; re-exports from another module read nothing here.
        if (!node.source) for (const specifier of node.specifiers) visit(specifier.local, scope);
        return;
      case 'ExportDefaultDeclaration':
        visit(node.declaration, scope);
        return;
      default:
        visitChildren(node, scope);
    }
  };

  const visitChildren = (node: acorn.AnyNode, scope: Scope) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'range') continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, scope);
      } else if (isNode(value)) {
        visit(value, scope);
      }
    }
  };

  visit(root as acorn.AnyNode, program);

  const free = new Map<FunctionNode, Set<string>>(functions.map((fn) => [fn, new Set<string>()]));
  const globals = new Set<string>();
  for (const { name, scope } of references) {
    const owner = scope.owner(name);
    if (!owner) {
      globals.add(name);
      continue;
    }
    // `arguments` belongs to the nearest non-arrow function and cannot be rebound by name elsewhere.
    if (owner.implicit.has(name) && !owner.declarations.has(name)) continue;
    for (let inner: Scope | null = scope; inner && inner !== owner; inner = inner.parent) {
      if (inner.fn) free.get(inner.fn)?.add(name);
    }
  }
  return {
    freeVariables: new Map([...free].map(([fn, names]) => [fn, [...names]])),
    globals,
  };
}

function isNode(value: unknown): value is acorn.AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
