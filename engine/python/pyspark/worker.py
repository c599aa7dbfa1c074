"""
A task's Python, on an executor: PySpark's worker.py. The executor calls
``main`` with the task's pickled command (its functions and serializers),
its partition's input records and its context; ``main`` runs the functions
over the records and returns the output records and the task's accumulator
updates, or the task's Python traceback when it failed.

The interpreter stays up for the executor's life (PySpark reuses its
workers), so what one task imports or caches, the next finds.
"""

import json
import sys
import traceback

from pyspark import shuffle
from pyspark.accumulators import _accumulatorRegistry, _task_updates
from pyspark.core.broadcast import Broadcast, _broadcastRegistry
from pyspark.serializers import CPickleSerializer
from pyspark.taskcontext import TaskContext

pickleSer = CPickleSerializer()

# Broadcast values this interpreter has unpickled already, by id: fetched once per executor.
_loaded_broadcasts = {}


def read_command(data):
    command = pickleSer.loads(data)
    if isinstance(command, Broadcast):
        command = pickleSer.loads(command.value)
    return command


def setup_broadcasts(broadcasts):
    for bid, data in broadcasts.items():
        if bid not in _loaded_broadcasts:
            _loaded_broadcasts[bid] = Broadcast(_data=data, _bid=bid)
        _broadcastRegistry[bid] = _loaded_broadcasts[bid]


def setup_task_context(info):
    context = TaskContext._getOrCreate()
    context._stageId = info["stageId"]
    context._partitionId = info["partitionId"]
    context._attemptNumber = info["attemptNumber"]
    context._taskAttemptId = info["taskAttemptId"]
    context._cpus = info.get("cpus", 1)
    context._resources = {}
    context._localProperties = dict(info.get("localProperties", {}))
    return context


def main(command, split_index, records, task_info, broadcasts):
    """
    Runs one task's functions. Returns ``(output_records, accumulator_updates,
    None)``, or ``(None, None, traceback_text)`` when the user's code raised.
    """
    return _main(lambda: read_command(command), split_index, records, task_info, broadcasts)


def main_udfs(commands, split_index, records, task_info, broadcasts):
    """
    Runs a BatchEvalPython's UDFs (each a ``pyspark.sql.udf`` command) in one
    pass, as PySpark's ``read_udfs`` builds one mapper of every UDF: row by
    row, each UDF on its own arguments, in order. The first record lists each
    UDF's chain length and argument types: a chain (``f(g(x))``, which Spark's
    ExtractPythonUDFs evaluates as one UDF) is several commands in a row, run
    one after another as ``read_single_udf`` chains them. Each later record is
    a row's arguments of every UDF, one after another; each output record is
    the row's results.
    """
    from pyspark.serializers import NoOpSerializer

    def read_udfs():
        evaluates = [read_command(c)[0] for c in commands]

        def evaluate(split, iterator):
            header = next(iterator, None)
            if header is None:
                return
            runs, spans, start, at = [], [], 0, 0
            for spec in json.loads(header):
                chain = evaluates[at : at + spec["chain"]]
                at += spec["chain"]
                runs.append(chain[0]._row_evaluator(spec["types"], chain[1:]))
                spans.append((start, start + len(spec["types"])))
                start += len(spec["types"])
            for args in iterator:
                yield [run(args[a:b]) for run, (a, b) in zip(runs, spans)]

        evaluate._simplified_traceback = True
        return evaluate, None, NoOpSerializer(), NoOpSerializer()

    return _main(read_udfs, split_index, records, task_info, broadcasts)


def _main(read, split_index, records, task_info, broadcasts):
    func = None
    try:
        setup_task_context(task_info)
        shuffle.MemoryBytesSpilled = 0
        shuffle.DiskBytesSpilled = 0
        _accumulatorRegistry.clear()
        setup_broadcasts(broadcasts)
        _accumulatorRegistry.clear()
        func, profiler, deserializer, serializer = read()

        def process():
            iterator = deserializer.load_stream(records)
            out_iter = func(split_index, iterator)
            try:
                return list(serializer.dump_stream(out_iter))
            finally:
                if hasattr(out_iter, "close"):
                    out_iter.close()

        output = process()
        return output, _task_updates(), None
    except BaseException as e:
        if getattr(func, "_simplified_traceback", False):
            return None, None, _simplified_traceback(e)
        return None, None, traceback.format_exc()
    finally:
        TaskContext._setTaskContext(None)
        sys.stdout.flush()
        sys.stderr.flush()


def _simplified_traceback(e):
    """
    The traceback without pyspark's own frames, as PySpark shows a SQL UDF's
    (spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled, on by default).
    """
    import os

    pyspark_dir = os.path.dirname(os.path.abspath(__file__))
    frames = [f for f in traceback.extract_tb(e.__traceback__) if not f.filename.startswith(pyspark_dir)]
    return (
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_list(frames))
        + "".join(traceback.format_exception_only(type(e), e))
    )


# ------------------------------------------------------------------ the executor's entry point


def run_from_engine(command, split_index, task_input, task_info, broadcasts):
    """
    ``main`` for the engine's JavaScript: converts the task's input (a
    partition's records) from JavaScript and the result back. Lines of a text
    file come joined by newlines, in one string, which is far cheaper to hand
    over than one string each.
    """
    return _from_engine(main, command.to_bytes(), split_index, task_input, task_info, broadcasts)


def run_udfs_from_engine(commands, split_index, task_input, task_info, broadcasts):
    """``main_udfs`` for the engine's JavaScript: a BatchEvalPython's UDFs in one pass."""
    return _from_engine(main_udfs, [c.to_bytes() for c in commands], split_index, task_input, task_info, broadcasts)


def _from_engine(run, command, split_index, task_input, task_info, broadcasts):
    from pyodide.ffi import to_js
    from js import Object

    from pyspark.java_gateway import records_to_py

    if task_input.kind == "lines":
        records = task_input.text.split("\n") if task_input.count > 0 else []
    else:
        records = records_to_py(task_input.records)
    loaded = {}
    for bid in broadcasts.object_keys():
        loaded[int(bid)] = getattr(broadcasts, bid).to_bytes()
    output, updates, error = run(command, split_index, records, task_info.to_py(), loaded)
    if error is not None:
        return to_js({"error": error}, dict_converter=Object.fromEntries)
    return to_js({"records": output, "accumulators": updates}, dict_converter=Object.fromEntries)


def register_source(file_name, source):
    """Lets tracebacks of the program's functions show its lines, as a local PySpark run shows them."""
    import linecache

    linecache.cache[file_name] = (len(source), None, source.splitlines(True), file_name)
