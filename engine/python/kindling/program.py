"""
Runs a PySpark driver program as ``spark-submit`` would run its file: as the
module ``__main__``, with its own globals, its file name in tracebacks. Like
the ``pyspark`` shell, it offers ``sc`` and ``spark`` without imports, but
makes them only when the program first uses one, so a program that builds its
own SparkContext or SparkSession first gets that one.
"""

import builtins
import linecache
import sys
import traceback
import types

__all__ = ["run"]


class DriverOnly:
    """
    ``sc`` or ``spark`` as the playground provides them: the real object is
    made on first use. Like the real ones they cannot be sent to executors.
    """

    _kindling_driver_only = True

    def __init__(self, name, make):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_make", make)
        object.__setattr__(self, "_made", None)

    def _target(self):
        made = object.__getattribute__(self, "_made")
        if made is None:
            made = object.__getattribute__(self, "_make")()
            object.__setattr__(self, "_made", made)
        return made

    def __getattr__(self, attribute):
        return getattr(self._target(), attribute)

    def __setattr__(self, attribute, value):
        setattr(self._target(), attribute, value)

    def __repr__(self):
        return repr(self._target())

    def __enter__(self):
        return self._target().__enter__()

    def __exit__(self, *exc):
        return self._target().__exit__(*exc)

    def __reduce__(self):
        from pyspark.errors import PySparkRuntimeError

        raise PySparkRuntimeError(error_class="CONTEXT_ONLY_VALID_ON_DRIVER", message_parameters={})


def _make_sc():
    from pyspark import SparkContext

    return SparkContext.getOrCreate()


def _make_spark():
    from pyspark.sql import SparkSession

    return SparkSession.builder.getOrCreate()


def _exception_name(exc_type):
    module = exc_type.__module__
    if module in ("builtins", "__main__"):
        return exc_type.__qualname__
    return "%s.%s" % (module, exc_type.__qualname__)


def _program_line(tb, file_name):
    """The innermost line of the program in a traceback."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == file_name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def run(source, file_name):
    """
    Runs the program; returns None when it ends normally (or with
    ``sys.exit(0)``), else a dict describing the error as the runner reports it.
    """
    main = types.ModuleType("__main__")
    main.__file__ = file_name
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    linecache.cache[file_name] = (len(source), None, source.splitlines(True), file_name)
    try:
        code = compile(source, file_name, "exec", dont_inherit=True)
    except SyntaxError as e:
        return {
            "name": type(e).__name__,
            "message": e.msg,
            "line": e.lineno,
            "column": e.offset,
            "traceback": "".join(traceback.format_exception_only(type(e), e)),
        }
    builtins.sc = DriverOnly("sc", _make_sc)
    builtins.spark = DriverOnly("spark", _make_spark)
    try:
        exec(code, main.__dict__)
        return None
    except SystemExit as e:
        if e.code is None or e.code == 0:
            return None
        return {"name": "SystemExit", "message": str(e.code), "traceback": "SystemExit: %s\n" % e.code}
    except BaseException as e:
        # The first frame is this function's exec; the program's frames follow.
        tb = e.__traceback__.tb_next if e.__traceback__ is not None else None
        text = "".join(traceback.format_exception(type(e), e, tb))
        return {
            "name": _exception_name(type(e)),
            "message": str(e),
            "line": _program_line(tb, file_name),
            "traceback": text,
        }
    finally:
        _flush()
        for name in ("sc", "spark"):
            if isinstance(builtins.__dict__.get(name), DriverOnly):
                del builtins.__dict__[name]
