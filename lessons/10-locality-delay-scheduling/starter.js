// Each book is one file, and each file is one block stored on one of the 4 hosts.
const books = sc.textFile('data/books/*.txt').cache();
console.log('lines:', await books.count());

// The second job reads the cached partitions.
const words = books.flatMap((line) => line.split(' '));
console.log('words:', await words.count());
