// The constructs the export once left untranslated, in a driver program and in tasks:
// ??, optional chaining, indexOf/lastIndexOf, padStart/padEnd, charAt/substring, find/findIndex, any for loop.
const orders = sc.parallelize(
  [
    { id: 7, customer: { name: 'ada', city: 'London' }, items: ['tea', 'cake'] },
    { id: 12, customer: null, items: ['coffee'] },
    { id: 3, customer: { name: 'grace' }, items: [] },
    { id: 41, customer: { name: 'edsger', city: 'Austin' }, items: ['tea', 'tea', 'scone'] },
  ],
  2,
);
const labels = orders.map(
  (o) => `${String(o.id).padStart(3, '0')} ${(o.customer?.name ?? 'guest').padEnd(7, '.')} ${o.customer?.city ?? '?'}`,
);
console.log(await labels.collect());

const firstTea = orders.map((o) => [o.id, o.items.indexOf('tea'), o.items.lastIndexOf('tea')]);
console.log(await firstTea.collect());

const initials = orders.map((o) => (o.customer?.name ?? '').charAt(0) + (o.customer?.name ?? '').substring(3, 1));
console.log(await initials.collect());

const ids = await orders.map((o) => o.id).collect();
console.log(
  'first over 10:',
  ids.find((id) => id > 10),
  'at',
  ids.findIndex((id) => id > 10),
);
console.log(
  'none over 100:',
  ids.find((id) => id > 100) ?? 'none',
  ids.findIndex((id) => id > 100),
);

// Every other order from the last, by a for loop that counts down by two.
const picked = [];
for (let i = ids.length - 1; i >= 0; i -= 2) picked.push(ids[i]);
console.log('picked:', picked);
