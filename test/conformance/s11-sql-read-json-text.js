// spark.read.json infers the schema with one job over every partition of the files read as text (Spark 4.0
// JsonFileFormat.inferSchema -> TextInputJsonDataSource.inferFromDataset -> JsonInferSchema.infer, which submits
// a fold-like sc.runJob of its own): fields sorted by name, integers as bigint, a null-only field a string.
// spark.read.text needs no schema job (TextFileFormat's schema is value: string). A file under
// openCostInBytes is one FilePartition, so each scan is one task, and count() over one partition needs no
// exchange (AllTuples is satisfied by a single partition: EnsureRequirements), so it is a single job.
const people = await spark.read.json('sql-data/people.json');
people.printSchema();
await people.filter('age > 30').select('name', 'city').show();
const lines = await spark.read.text('sql-data/people.json');
console.log(await lines.count());
try {
  await spark.read.json('sql-data/missing.json');
} catch (e) {
  console.log(e.message.split('\n')[0]);
}
