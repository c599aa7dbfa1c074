"""SparkSession: the entry point a spark-submit script starts from (``SparkSession.builder...getOrCreate()``)."""

import threading

from pyspark.conf import SparkConf
from pyspark.core.context import SparkContext

__all__ = ["SparkSession"]


class _classproperty:
    def __init__(self, getter):
        self.getter = getter

    def __get__(self, instance, owner):
        return self.getter(owner)


class RuntimeConfig:
    """``spark.conf``: the session's settings."""

    def __init__(self, session):
        self._session = session

    def set(self, key, value):
        self._session._options[key] = str(value)
        self._session._sc._conf.set(key, value)

    def get(self, key, default=None):
        if key in self._session._options:
            return self._session._options[key]
        return self._session._sc._conf.get(key, default)

    def getAll(self):
        settings = dict(self._session._sc._conf.getAll())
        settings.update(self._session._options)
        return settings

    def unset(self, key):
        self._session._options.pop(key, None)

    def isModifiable(self, key):
        return key.startswith("spark.sql.")


class SparkSession:
    """
    The entry point to programming Spark with the Dataset and DataFrame API,
    and the way spark-submit scripts start their application.

    >>> spark = SparkSession.builder.appName("example").getOrCreate()  # doctest: +SKIP
    >>> spark.sparkContext.parallelize([1, 2, 3]).count()  # doctest: +SKIP
    3
    """

    class Builder:
        _lock = threading.RLock()

        def __init__(self):
            self._options = {}

        def config(self, key=None, value=None, conf=None, *, map=None):
            with self._lock:
                if conf is not None:
                    for k, v in conf.getAll():
                        self._options[k] = v
                if map is not None:
                    for k, v in map.items():
                        self._options[k] = str(v)
                if key is not None:
                    self._options[key] = "true" if value is True else "false" if value is False else str(value)
                return self

        def master(self, master):
            return self.config("spark.master", master)

        def appName(self, name):
            return self.config("spark.app.name", name)

        def remote(self, url):
            raise NotImplementedError("Spark Connect is not available in Kindling: leave out .remote(...)")

        def enableHiveSupport(self):
            return self.config("spark.sql.catalogImplementation", "hive")

        def getOrCreate(self):
            """The running session, with these settings added; else a new one (and its SparkContext)."""
            with self._lock:
                session = SparkSession._instantiatedSession
                if session is None or session._sc._jsc is None:
                    conf = SparkConf()
                    for key, value in self._options.items():
                        conf.set(key, value)
                    sc = SparkContext.getOrCreate(conf)
                    session = SparkSession(sc, options=self._options)
                else:
                    for key, value in self._options.items():
                        session._options[key] = value
                return session

        def create(self):
            return self.getOrCreate()

    builder = _classproperty(lambda cls: cls.Builder())

    _instantiatedSession = None
    _activeSession = None

    def __init__(self, sparkContext, jsparkSession=None, options=None):
        self._sc = sparkContext
        self._options = dict(options or {})
        self._conf = RuntimeConfig(self)
        SparkSession._instantiatedSession = self
        SparkSession._activeSession = self

    @classmethod
    def getActiveSession(cls):
        return cls._activeSession

    @classmethod
    def active(cls):
        if cls._activeSession is None:
            from pyspark.errors import PySparkRuntimeError

            raise PySparkRuntimeError(error_class="SESSION_OR_CONTEXT_NOT_EXISTS", message_parameters={})
        return cls._activeSession

    @classmethod
    def _instantiatedSession_or_create(cls, sc):
        return cls._instantiatedSession or SparkSession(sc)

    @classmethod
    def _forget_context(cls, sc):
        if cls._instantiatedSession is not None and cls._instantiatedSession._sc is sc:
            cls._instantiatedSession = None
            cls._activeSession = None

    @property
    def sparkContext(self):
        return self._sc

    @property
    def conf(self):
        return self._conf

    @property
    def version(self):
        return self._sc.version

    def newSession(self):
        return SparkSession(self._sc, options=self._options)

    def stop(self):
        """Stops the session's SparkContext: the application ends."""
        self._sc.stop()
        SparkSession._instantiatedSession = None
        SparkSession._activeSession = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.stop()

    def __getnewargs__(self):
        self._refuse_pickling()

    def __reduce__(self):
        self._refuse_pickling()

    @staticmethod
    def _refuse_pickling():
        from pyspark.errors import PySparkRuntimeError

        raise PySparkRuntimeError(error_class="CONTEXT_ONLY_VALID_ON_DRIVER", message_parameters={})
