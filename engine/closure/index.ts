/**
 * Closures: how a task's functions leave the driver. The rewriter gives a
 * driver program's functions their closure metadata; the serializer captures
 * free variables by value ("Task not serializable" when one cannot travel);
 * executors rebuild the functions.
 */
export {
  rewriteProgram,
  parseProgram,
  ProgramSyntaxError,
  CLOSURE_FUNCTION_NAME,
  type RewriteOptions,
} from './rewrite';
export {
  CLOSURE,
  __kindlingClosure,
  closureInfo,
  withEnv,
  serializeFunction,
  deserializeFunction,
  describeValue,
  TaskNotSerializableError,
  type AnyFunction,
  type ClosureInfo,
  type SerializedValue,
  type SerializedNode,
  type SerializedFunction,
  type SerializeHooks,
  type DeserializeHooks,
} from './closure';
export { analyzeScopes, type ScopeAnalysis, type FunctionNode } from './free-variables';
