"""
The call site PySpark gives jobs and RDDs made from Python: the pyspark
method the program called, at the program's file and line
("collect at wordcount.py:12").
"""

import os
import traceback
from collections import namedtuple

CallSite = namedtuple("CallSite", "function file linenum")

_PYSPARK_DIR = os.path.dirname(os.path.abspath(__file__))


def first_spark_call():
    """The outermost frame inside pyspark, named by the program frame that called it."""
    frames = traceback.extract_stack()
    if not frames:
        return None
    first = None
    for i, frame in enumerate(frames):
        if frame.filename.startswith(_PYSPARK_DIR):
            first = i
            break
    if first is None:
        return None
    if first == 0:
        frame = frames[0]
        return CallSite(function=frame.name, file=frame.filename, linenum=frame.lineno)
    spark_frame, user_frame = frames[first], frames[first - 1]
    return CallSite(function=spark_frame.name, file=user_frame.filename, linenum=user_frame.lineno)


class SCCallSiteSync:
    """
    Sets the engine's call site for what the block creates, as PySpark's does
    for the JVM: nested blocks keep the outermost one.
    """

    _spark_stack_depth = 0

    def __init__(self, sc):
        site = first_spark_call()
        if site is not None:
            self._call_site = "%s at %s:%s" % (site.function, site.file, site.linenum)
        else:
            self._call_site = "Error! Could not extract traceback info"
        self._context = sc

    def __enter__(self):
        if SCCallSiteSync._spark_stack_depth == 0:
            self._context._jsc.setCallSite(self._call_site)
        SCCallSiteSync._spark_stack_depth += 1

    def __exit__(self, type, value, tb):
        SCCallSiteSync._spark_stack_depth -= 1
        if SCCallSiteSync._spark_stack_depth == 0:
            self._context._jsc.setCallSite(None)
