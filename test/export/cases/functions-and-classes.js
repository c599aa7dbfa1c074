// RDDs that pass through the program's own functions and classes: the export must know `lines` and
// `this.pairs` are RDDs (their map and filter stay RDD calls) and `words` an array.
function tokens(lines) {
  return lines.flatMap((line) => line.toLowerCase().split(' ')).filter((word) => word.length > 0);
}

const countsOf = (words) => words.map((word) => [word, 1]).reduceByKey((a, b) => a + b, 2);

class WordIndex {
  constructor(lines) {
    this.pairs = countsOf(tokens(lines));
  }

  frequent(min) {
    return this.pairs.filter(([, count]) => count >= min);
  }

  get size() {
    return this.pairs.count();
  }
}

const lines = sc.parallelize(['the cat sat', 'The dog sat', 'a cat and a dog', 'the end'], 2);
const index = new WordIndex(lines);
const frequent = (await index.frequent(2).collect()).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
console.log('frequent:', frequent);
console.log('distinct words:', await index.size);

// An array of the same shape: map and filter here are the array's.
const words = ['x', 'y', 'x'];
console.log(
  words.map((w) => w.toUpperCase()).filter((w) => w !== 'Y'),
  tokens(sc.parallelize(['A b'], 1)).getNumPartitions(),
);
// A for loop whose body continues: its update still runs.
const skipped = [];
for (let i = 0; i < 6; i++) {
  if (i % 2 === 0) continue;
  skipped.push(i);
}
console.log(skipped);
