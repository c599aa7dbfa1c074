from pyspark import SparkContext

sc = SparkContext.getOrCreate()
prices = {"apple": 3, "pear": 2, "fig": 5}
basket = sc.parallelize(["apple", "fig", "pear", "apple", "fig", "fig"], 3)

total = 0


def add_price(fruit):
    global total
    total += prices[fruit]
    print("added", fruit)


basket.foreach(add_price)
print("total on the driver:", total)

try:
    basket.map(lambda fruit: f"{fruit} x{sc.defaultParallelism}").collect()
except Exception as error:
    print(str(error).split("\n")[0])
