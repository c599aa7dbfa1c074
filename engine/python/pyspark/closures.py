"""
Pickling functions and classes by value, so that a driver program's lambdas,
nested functions, and the functions and classes it defines can run on
executors, which have the program's source but never import it as a module.

PySpark ships cloudpickle for this; Kindling's bundled Python does not have it,
so this module does the same job in its own way:

- A function that can be imported by name from a module other than
  ``__main__`` travels by reference, as plain pickle sends it.
- Any other function (a lambda, a nested function, a function of the
  program) travels by value: its code object, the globals its code reads
  (found in its bytecode, not guessed from names), its defaults and the
  contents of its closure cells, at the moment it is pickled.
- A class of the program travels by value too (its namespace: methods,
  class attributes); instances then pickle as usual. Each class carries a
  token, so an executor that unpickles the same class twice (two jobs, or a
  cached RDD read by a later job) keeps one class object and ``isinstance``
  still holds.
- An object that cannot travel (a SparkContext, a generator, a lock) fails
  with pickle's own error, which the serializer wraps as PySpark does.

Functions of one program pickled together share one globals dictionary on the
other side, so a function that calls another global function of the program,
or itself, finds it.
"""

import builtins
import dis
import importlib
import io
import pickle
import sys
import types
import uuid
import weakref

__all__ = ["dumps", "loads", "ClosurePickler"]

PROTOCOL = pickle.HIGHEST_PROTOCOL

_GLOBAL_OPS = frozenset(["LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL"])

# Globals a code object reads, by code object: dis is slow enough to be worth remembering.
_global_names_cache: "weakref.WeakKeyDictionary[types.CodeType, frozenset]" = weakref.WeakKeyDictionary()

# The token each class pickled by value carries (driver side), and the class each token
# stands for (executor side).
_class_tokens: "weakref.WeakKeyDictionary[type, str]" = weakref.WeakKeyDictionary()
_classes_by_token: "weakref.WeakValueDictionary[str, type]" = weakref.WeakValueDictionary()

# Names that must never be captured even when the bytecode reads them as globals.
_NEVER_CAPTURED = frozenset(["__builtins__"])


def global_names(code):
    """The names ``code`` (and the functions and classes nested in it) reads or writes as globals."""
    cached = _global_names_cache.get(code)
    if cached is not None:
        return cached
    names = set()
    for instruction in dis.get_instructions(code):
        if instruction.opname in _GLOBAL_OPS:
            names.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= global_names(const)
    result = frozenset(names)
    _global_names_cache[code] = result
    return result


def _importable(obj, name):
    """True when ``obj`` can be found again as ``module.name`` in an importable module."""
    module_name = getattr(obj, "__module__", None)
    if not module_name or module_name == "__main__" or name is None or "<" in name:
        return False
    module = sys.modules.get(module_name)
    if module is None:
        return False
    found = module
    try:
        for part in name.split("."):
            found = getattr(found, part)
    except AttributeError:
        return False
    return found is obj


def _driver_only_builtin(name):
    """`sc` and `spark` as the playground provides them live in builtins; a function using them must not travel."""
    value = builtins.__dict__.get(name)
    return value if getattr(value, "_kindling_driver_only", False) else None


class ClosurePickler(pickle.Pickler):
    """A Pickler that sends functions and classes of the program by value."""

    def __init__(self, file, protocol=PROTOCOL):
        super().__init__(file, protocol)
        # One globals dictionary per module namespace seen in this pickle, shared by its functions.
        self._shared_globals = {}

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is types.FunctionType:
            if _importable(obj, obj.__qualname__):
                return NotImplemented
            return self._reduce_function(obj)
        if isinstance(obj, type):
            if obj.__module__ == "builtins" or _importable(obj, obj.__qualname__):
                return NotImplemented
            return self._reduce_class(obj)
        if kind is types.CodeType:
            return _load_code, (_dump_code(obj),)
        if kind is types.ModuleType:
            if obj.__name__ == "__main__":
                raise pickle.PicklingError("the program's own module (__main__) cannot be sent to executors")
            return importlib.import_module, (obj.__name__,)
        if kind is types.MethodType:
            return getattr, (obj.__self__, obj.__func__.__name__)
        if kind is property:
            return property, (obj.fget, obj.fset, obj.fdel, obj.__doc__)
        if kind is staticmethod or kind is classmethod:
            return kind, (obj.__func__,)
        if kind is types.CellType:
            return _make_cell, (), _cell_contents(obj), None, None, _set_cell
        return _reduce_singleton(obj)

    def _globals_for(self, function):
        """The dictionary standing for ``function``'s module namespace; one per namespace in this pickle."""
        namespace = function.__globals__
        entry = self._shared_globals.get(id(namespace))
        if entry is None:
            shared = {"__name__": namespace.get("__name__", "__main__")}
            if "__file__" in namespace:
                shared["__file__"] = namespace["__file__"]
            # The namespace is kept beside its stand-in so that its id cannot be reused meanwhile.
            entry = self._shared_globals[id(namespace)] = (shared, namespace)
        return entry[0]

    def _reduce_function(self, function):
        code = function.__code__
        namespace = function.__globals__
        captured = {}
        for name in global_names(code):
            if name in _NEVER_CAPTURED:
                continue
            if name in namespace:
                captured[name] = namespace[name]
            else:
                driver_only = _driver_only_builtin(name)
                if driver_only is not None:
                    captured[name] = driver_only
        closure = function.__closure__
        state = {
            "globals": captured,
            "defaults": function.__defaults__,
            "kwdefaults": function.__kwdefaults__,
            "closure": None if closure is None else [_cell_contents(cell) for cell in closure],
            "dict": dict(function.__dict__),
            "qualname": function.__qualname__,
            "module": function.__module__,
            "doc": function.__doc__,
        }
        skeleton_args = (code, self._globals_for(function), function.__name__, 0 if closure is None else len(closure))
        return _make_function, skeleton_args, state, None, None, _set_function_state

    def _reduce_class(self, cls):
        token = _class_tokens.get(cls)
        if token is None:
            token = uuid.uuid4().hex
            _class_tokens[cls] = token
            # A copy coming back (a collected instance) then finds this class, not a new one.
            _classes_by_token[token] = cls
        namespace = {}
        slots = cls.__dict__.get("__slots__")
        slot_names = set()
        if slots is not None:
            slot_names = {slots} if isinstance(slots, str) else set(slots)
            namespace["__slots__"] = slots
        attributes = {}
        for name, value in cls.__dict__.items():
            if name in ("__dict__", "__weakref__", "__slots__", "_abc_impl") or name in slot_names:
                continue
            attributes[name] = value
        skeleton_args = (type(cls), cls.__name__, cls.__bases__, namespace, token)
        return _make_class, skeleton_args, attributes, None, None, _set_class_state


# ------------------------------------------------------------------ rebuilding, on the other side

_EMPTY = object()


class _EmptyCell:
    """Stands for a closure cell with nothing in it yet (a variable assigned after the function was made)."""

    def __reduce__(self):
        return _empty_cell_marker, ()


_EMPTY_CELL = _EmptyCell()


def _empty_cell_marker():
    return _EMPTY_CELL


def _cell_contents(cell):
    try:
        return cell.cell_contents
    except ValueError:
        return _EMPTY_CELL


def _make_cell():
    return types.CellType()


def _set_cell(cell, value):
    if value is not _EMPTY_CELL:
        cell.cell_contents = value
    return cell


def _dump_code(code):
    import marshal

    return marshal.dumps(code)


def _load_code(data):
    import marshal

    return marshal.loads(data)


def _make_function(code, shared_globals, name, closure_size):
    shared_globals.setdefault("__builtins__", builtins)
    closure = tuple(types.CellType() for _ in range(closure_size)) if closure_size else None
    return types.FunctionType(code, shared_globals, name, None, closure)


def _set_function_state(function, state):
    function.__globals__.update(state["globals"])
    function.__defaults__ = state["defaults"]
    function.__kwdefaults__ = state["kwdefaults"]
    function.__dict__.update(state["dict"])
    function.__qualname__ = state["qualname"]
    function.__module__ = state["module"]
    function.__doc__ = state["doc"]
    if state["closure"] is not None:
        for cell, value in zip(function.__closure__, state["closure"]):
            if value is not _EMPTY_CELL:
                cell.cell_contents = value
    return function


def _make_class(metaclass, name, bases, namespace, token):
    existing = _classes_by_token.get(token)
    if existing is not None:
        return existing
    cls = metaclass(name, bases, dict(namespace))
    _classes_by_token[token] = cls
    _class_tokens[cls] = token
    return cls


def _set_class_state(cls, attributes):
    # Read from the class's own namespace: a subclass must not take its base's mark for its own.
    if cls.__dict__.get("_kindling_class_complete", False):
        return cls
    for name, value in attributes.items():
        if name in ("__doc__",) and cls.__doc__ == value:
            continue
        try:
            setattr(cls, name, value)
        except (AttributeError, TypeError):
            pass
    cls._kindling_class_complete = True
    return cls


def _reduce_singleton(obj):
    """Singletons whose class pickle would otherwise copy: dataclasses' MISSING and KW_ONLY markers."""
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None:
        if obj is dataclasses.MISSING:
            return getattr, (dataclasses, "MISSING")
        if obj is getattr(dataclasses, "KW_ONLY", _EMPTY):
            return getattr, (dataclasses, "KW_ONLY")
    return NotImplemented


def dumps(obj, protocol=PROTOCOL):
    """Pickles ``obj``, sending the program's functions and classes by value."""
    buffer = io.BytesIO()
    ClosurePickler(buffer, protocol).dump(obj)
    return buffer.getvalue()


def loads(data):
    return pickle.loads(data)

