"""Py4JJavaError: how a failure in Spark's engine (a job that aborted) reaches a PySpark program."""

__all__ = ["Py4JError", "Py4JJavaError"]


class Py4JError(Exception):
    """An error talking to the engine."""


class Py4JJavaError(Py4JError):
    """
    An exception thrown by the engine while the driver called it: ``str(e)`` is
    py4j's "An error occurred while calling TARGET.\\n: JavaClass: message".
    """

    def __init__(self, msg, java_exception):
        super().__init__(msg, java_exception)
        self.errmsg = msg
        self.java_exception = java_exception

    def __str__(self):
        return "{0}: {1}".format(self.errmsg, self.java_exception)


class JavaException:
    """The engine's exception as py4j shows it: its Java class name and message."""

    def __init__(self, class_name, message):
        self.class_name = class_name
        self.message = message

    def getMessage(self):
        return self.message

    def toString(self):
        return "%s: %s" % (self.class_name, self.message)

    def __str__(self):
        return self.toString()
