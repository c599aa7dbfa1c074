"""SparkConf: settings for a Spark application, as key-value strings."""

__all__ = ["SparkConf"]


class SparkConf:
    """
    Spark settings. Keys set here apply when the SparkContext is created, over
    the cluster settings Kindling was started with (the playground's settings
    panel, the command line's flags), as programmatic settings override
    spark-submit's.

    >>> conf = SparkConf().setAppName("word count").set("spark.default.parallelism", 4)
    >>> conf.get("spark.default.parallelism")
    '4'
    """

    def __init__(self, loadDefaults=True, _jvm=None, _jconf=None):
        self._conf = {}
        if _jconf is not None:
            self._conf.update(_jconf)

    def set(self, key, value):
        self._conf[key] = str(value)
        return self

    def setIfMissing(self, key, value):
        if self.get(key) is None:
            self.set(key, value)
        return self

    def setMaster(self, value):
        return self.set("spark.master", value)

    def setAppName(self, value):
        return self.set("spark.app.name", value)

    def setSparkHome(self, value):
        return self.set("spark.home", value)

    def setExecutorEnv(self, key=None, value=None, pairs=None):
        if (key is not None and pairs is not None) or (key is None and pairs is None):
            from pyspark.errors import PySparkRuntimeError

            raise PySparkRuntimeError(error_class="KEY_VALUE_PAIR_REQUIRED", message_parameters={})
        if key is not None:
            self.set("spark.executorEnv.{}".format(key), value)
        else:
            for k, v in pairs:
                self.set("spark.executorEnv.{}".format(k), v)
        return self

    def setAll(self, pairs):
        for k, v in pairs:
            self.set(k, v)
        return self

    def get(self, key, defaultValue=None):
        return self._conf.get(key, defaultValue)

    def getAll(self):
        return list(self._conf.items())

    def contains(self, key):
        return key in self._conf

    def toDebugString(self):
        return "\n".join("%s=%s" % (k, v) for k, v in sorted(self._conf.items()))
