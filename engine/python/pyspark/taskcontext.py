"""TaskContext: which task is running, inside a task; None on the driver."""

__all__ = ["TaskContext"]


class TaskContext:
    """
    Information about the task running now. Inside a function an RDD runs,
    ``TaskContext.get()`` gives it; on the driver it is None.

    >>> rdd.map(lambda x: TaskContext.get().partitionId())  # doctest: +SKIP
    """

    _taskContext = None
    _attemptNumber = None
    _partitionId = None
    _stageId = None
    _taskAttemptId = None
    _localProperties = None
    _cpus = None
    _resources = None

    def __new__(cls):
        existing = cls._taskContext
        if existing is not None:
            return existing
        cls._taskContext = created = object.__new__(cls)
        return created

    @classmethod
    def _getOrCreate(cls):
        if cls._taskContext is None:
            cls._taskContext = TaskContext()
        return cls._taskContext

    @classmethod
    def _setTaskContext(cls, taskContext):
        cls._taskContext = taskContext

    @classmethod
    def get(cls):
        return cls._taskContext

    def stageId(self):
        return self._stageId

    def partitionId(self):
        return self._partitionId

    def attemptNumber(self):
        return self._attemptNumber

    def taskAttemptId(self):
        return self._taskAttemptId

    def getLocalProperty(self, key):
        return (self._localProperties or {}).get(key, None)

    def cpus(self):
        return self._cpus

    def resources(self):
        return dict(self._resources or {})
