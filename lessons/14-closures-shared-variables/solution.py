from pyspark import SparkContext

sc = SparkContext.getOrCreate()
prices = {"apple": 3, "pear": 2, "fig": 5}
basket = sc.parallelize(["apple", "fig", "pear", "apple", "fig", "fig"], 3)

# A broadcast variable is sent to each executor once, not with every task.
price_table = sc.broadcast(prices)
# An accumulator's updates travel back from the tasks and are merged on the driver.
total = sc.accumulator(0)
basket.foreach(lambda fruit: total.add(price_table.value[fruit]))
print("total:", total.value)

# Read what the driver has (here: the parallelism) outside the function, and let the
# function capture the plain number instead of the SparkContext.
parallelism = sc.defaultParallelism
print(basket.map(lambda fruit: f"{fruit} x{parallelism}").collect())
