"""StorageLevel: where a persisted RDD keeps its partitions."""

__all__ = ["StorageLevel"]


class StorageLevel:
    """
    Flags for persisting an RDD: on disk, in memory, off heap, deserialized,
    and how many replicas. Python RDDs hold pickled batches, so their data is
    always serialized, as in PySpark.
    """

    def __init__(self, useDisk, useMemory, useOffHeap, deserialized, replication=1):
        self.useDisk = useDisk
        self.useMemory = useMemory
        self.useOffHeap = useOffHeap
        self.deserialized = deserialized
        self.replication = replication

    def __repr__(self):
        return "StorageLevel(%s, %s, %s, %s, %s)" % (
            self.useDisk,
            self.useMemory,
            self.useOffHeap,
            self.deserialized,
            self.replication,
        )

    def __str__(self):
        text = ""
        text += "Disk " if self.useDisk else ""
        text += "Memory " if self.useMemory else ""
        text += "OffHeap " if self.useOffHeap else ""
        text += "Deserialized " if self.deserialized else "Serialized "
        text += "%sx Replicated" % self.replication
        return text

    def __eq__(self, other):
        return (
            isinstance(other, StorageLevel)
            and self.useMemory == other.useMemory
            and self.useDisk == other.useDisk
            and self.useOffHeap == other.useOffHeap
            and self.deserialized == other.deserialized
            and self.replication == other.replication
        )

    def __hash__(self):
        return hash((self.useDisk, self.useMemory, self.useOffHeap, self.deserialized, self.replication))


StorageLevel.NONE = StorageLevel(False, False, False, False)
StorageLevel.DISK_ONLY = StorageLevel(True, False, False, False)
StorageLevel.DISK_ONLY_2 = StorageLevel(True, False, False, False, 2)
StorageLevel.DISK_ONLY_3 = StorageLevel(True, False, False, False, 3)
StorageLevel.MEMORY_ONLY = StorageLevel(False, True, False, False)
StorageLevel.MEMORY_ONLY_2 = StorageLevel(False, True, False, False, 2)
StorageLevel.MEMORY_AND_DISK = StorageLevel(True, True, False, False)
StorageLevel.MEMORY_AND_DISK_2 = StorageLevel(True, True, False, False, 2)
StorageLevel.OFF_HEAP = StorageLevel(True, True, True, False, 1)
StorageLevel.MEMORY_AND_DISK_DESER = StorageLevel(True, True, False, True)
