"""
Samplers for RDD.sample, randomSplit and sampleByKey, seeded per partition as
PySpark seeds them (seed XOR partition index, then ten draws thrown away), so
a seeded sample picks the same elements as PySpark on the same Python.
"""

import math
import random
import sys


class RDDSamplerBase:
    def __init__(self, withReplacement, seed=None):
        self._seed = seed if seed is not None else random.randint(0, sys.maxsize)
        self._withReplacement = withReplacement
        self._random = None

    def initRandomGenerator(self, split):
        self._random = random.Random(self._seed ^ split)
        # Generators seeded with nearby values start alike; a few draws spread them apart.
        for _ in range(10):
            self._random.randint(0, 1)

    def getUniformSample(self):
        return self._random.random()

    def getPoissonSample(self, mean):
        if mean < 20.0:
            # Knuth's method: multiply uniforms until the product drops under e^-mean.
            threshold = math.exp(-mean)
            product = self._random.random()
            count = 0
            while product > threshold:
                count += 1
                product *= self._random.random()
            return count
        # For large means, count exponential gaps that fit in one unit of time.
        elapsed = self._random.expovariate(mean)
        count = 0
        while elapsed < 1.0:
            count += 1
            elapsed += self._random.expovariate(mean)
        return count

    def func(self, split, iterator):
        raise NotImplementedError


class RDDSampler(RDDSamplerBase):
    def __init__(self, withReplacement, fraction, seed=None):
        RDDSamplerBase.__init__(self, withReplacement, seed)
        self._fraction = fraction

    def func(self, split, iterator):
        self.initRandomGenerator(split)
        if self._withReplacement:
            for obj in iterator:
                for _ in range(self.getPoissonSample(self._fraction)):
                    yield obj
        else:
            for obj in iterator:
                if self.getUniformSample() < self._fraction:
                    yield obj


class RDDRangeSampler(RDDSamplerBase):
    def __init__(self, lowerBound, upperBound, seed=None):
        RDDSamplerBase.__init__(self, False, seed)
        self._lowerBound = lowerBound
        self._upperBound = upperBound

    def func(self, split, iterator):
        self.initRandomGenerator(split)
        for obj in iterator:
            if self._lowerBound <= self.getUniformSample() < self._upperBound:
                yield obj


class RDDStratifiedSampler(RDDSamplerBase):
    def __init__(self, withReplacement, fractions, seed=None):
        RDDSamplerBase.__init__(self, withReplacement, seed)
        self._fractions = fractions

    def func(self, split, iterator):
        self.initRandomGenerator(split)
        if self._withReplacement:
            for key, value in iterator:
                for _ in range(self.getPoissonSample(self._fractions[key])):
                    yield (key, value)
        else:
            for key, value in iterator:
                if self.getUniformSample() < self._fractions[key]:
                    yield (key, value)
