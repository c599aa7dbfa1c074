# A class defined in the program travels to executors by value with the function that uses it, and
# its instances come back pickled: executors never import the program. map -> collect: one stage.
from pyspark import SparkConf, SparkContext


class Rectangle:
    def __init__(self, width, height):
        self.width = width
        self.height = height

    def area(self):
        return self.width * self.height

    def __repr__(self):
        return "Rectangle(%d x %d)" % (self.width, self.height)


def bigger(r):
    return Rectangle(r.width * 2, r.height * 2)


sc = SparkContext(conf=SparkConf().setAppName("classes"))
shapes = sc.parallelize([(1, 2), (3, 4), (5, 6)], 3).map(lambda wh: Rectangle(*wh)).map(bigger)
result = shapes.collect()
print(result, [r.area() for r in result], type(result[0]) is Rectangle)
sc.stop()
