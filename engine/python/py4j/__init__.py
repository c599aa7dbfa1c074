"""
The names PySpark programs import from py4j to catch driver-side errors. Kindling's
driver talks to its engine without py4j; these classes carry the engine's errors
with the messages py4j gives them.
"""
