/**
 * Writes the DataFrame lessons' datasets, as CSV (with a header) and Parquet,
 * from a fixed seed, so the same command always writes the same bytes:
 *
 *     npx tsx scripts/make-sql-data.ts && npx tsx scripts/make-manifest.ts
 *
 * A small shop's data: `products` (120), `users` (2,000), `orders` (12,000)
 * and `sessions` (10,000), in `public/data/<name>.csv` and
 * `public/data/<name>.parquet`. Realistic on purpose where a lesson needs it:
 * product popularity is skewed (one product takes about a quarter of the
 * orders, the skew a join on `product_id` meets), and a few users have most
 * of the sessions. Nothing is fetched until a program reads a file, but the
 * offline app's service worker precaches them all (1.1 MB).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { mulberry32 as seeded } from '../engine/util/random/mulberry32';

const random = seeded(20261207);
const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const cents = (value: number) => Math.round(value * 100) / 100;

/** A day of 2024 as `yyyy-MM-dd`. */
function day(dayOfYear: number): string {
  const date = new Date(Date.UTC(2024, 0, 1) + dayOfYear * 86_400_000);
  return date.toISOString().slice(0, 10);
}

type Value = string | number;
interface Table {
  name: string;
  columns: { name: string; type: 'INT32' | 'DOUBLE' | 'STRING' }[];
  rows: Value[][];
}

/** Category, price range, and what the shop sells in it. */
const CATEGORIES = [
  ['books', 6, 45, ['Atlas', 'Cookbook', 'Novel', 'Field Guide']],
  ['garden', 4, 120, ['Rake', 'Planter', 'Hose', 'Seed Kit']],
  ['kitchen', 3, 90, ['Kettle', 'Mug', 'Pan', 'Knife']],
  ['toys', 5, 60, ['Kite', 'Puzzle', 'Robot', 'Blocks']],
  ['outdoor', 12, 250, ['Tent', 'Backpack', 'Lantern', 'Hammock']],
  ['office', 2, 40, ['Notebook', 'Pen Set', 'Desk Lamp', 'Stapler']],
  ['audio', 15, 300, ['Speaker', 'Headphones', 'Radio', 'Turntable']],
  ['games', 10, 70, ['Board Game', 'Card Deck', 'Chess Set', 'Dice Tower']],
] as const;
const ADJECTIVES = ['Blue', 'Quiet', 'Sturdy', 'Tiny', 'Golden', 'Swift', 'Cosy', 'Bright', 'Classic', 'Wild'];

const products: Table = {
  name: 'products',
  columns: [
    { name: 'product_id', type: 'INT32' },
    { name: 'name', type: 'STRING' },
    { name: 'category', type: 'STRING' },
    { name: 'price', type: 'DOUBLE' },
  ],
  rows: Array.from({ length: 120 }, (_, i) => {
    const [category, low, high, things] = CATEGORIES[i % CATEGORIES.length];
    return [i + 1, `${pick(ADJECTIVES)} ${pick(things)}`, category, cents(low + random() * (high - low))];
  }),
};

const COUNTRIES = ['DE', 'FR', 'NL', 'ES', 'IT', 'PL', 'SE', 'PT', 'IE', 'BE'];
const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dev',
  'Elif',
  'Finn',
  'Gita',
  'Hugo',
  'Ines',
  'Jon',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
];
const users: Table = {
  name: 'users',
  columns: [
    { name: 'user_id', type: 'INT32' },
    { name: 'name', type: 'STRING' },
    { name: 'country', type: 'STRING' },
    { name: 'signup_day', type: 'STRING' },
    { name: 'tier', type: 'STRING' },
  ],
  rows: Array.from({ length: 2000 }, (_, i) => [
    i + 1,
    `${pick(FIRST)} ${String.fromCharCode(65 + int(0, 25))}.`,
    // Germany and France are the shop's biggest markets.
    random() < 0.45 ? pick(['DE', 'FR']) : pick(COUNTRIES),
    day(int(0, 300)),
    random() < 0.1 ? 'gold' : random() < 0.3 ? 'silver' : 'basic',
  ]),
};

/** A product id, skewed: product 7 is the bestseller (about a quarter of orders), then a long tail. */
function popularProduct(): number {
  if (random() < 0.25) return 7;
  return Math.min(120, 1 + Math.floor(120 * random() ** 1.8));
}

const STATUSES = [
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'returned',
  'cancelled',
];
const orders: Table = {
  name: 'orders',
  columns: [
    { name: 'order_id', type: 'INT32' },
    { name: 'user_id', type: 'INT32' },
    { name: 'product_id', type: 'INT32' },
    { name: 'quantity', type: 'INT32' },
    { name: 'order_day', type: 'STRING' },
    { name: 'status', type: 'STRING' },
  ],
  rows: Array.from({ length: 12_000 }, (_, i) => [
    100_001 + i,
    int(1, 2000),
    popularProduct(),
    random() < 0.7 ? 1 : int(2, 5),
    day(Math.floor((i / 12_000) * 365)),
    pick(STATUSES),
  ]),
};

const DEVICES = ['mobile', 'mobile', 'mobile', 'desktop', 'desktop', 'tablet'];
const sessions: Table = {
  name: 'sessions',
  columns: [
    { name: 'session_id', type: 'INT32' },
    { name: 'user_id', type: 'INT32' },
    { name: 'day', type: 'STRING' },
    { name: 'device', type: 'STRING' },
    { name: 'pages', type: 'INT32' },
    { name: 'duration_s', type: 'INT32' },
  ],
  rows: Array.from({ length: 10_000 }, (_, i) => {
    const pages = 1 + Math.floor(-Math.log(1 - random()) * 4);
    return [
      500_001 + i,
      // A few keen users (ids 1–50) have a third of the sessions.
      random() < 0.33 ? int(1, 50) : int(1, 2000),
      day(Math.floor((i / 10_000) * 365)),
      pick(DEVICES),
      pages,
      pages * int(8, 90),
    ];
  }),
};

function csv(table: Table): string {
  const header = table.columns.map((c) => c.name).join(',');
  return [header, ...table.rows.map((row) => row.join(','))].join('\n') + '\n';
}

function parquet(table: Table): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: table.columns.map((column, index) => ({
      name: column.name,
      type: column.type,
      data: table.rows.map((row) => row[index]),
      nullable: false,
    })),
    // Row groups of 5,000 rows, so a large file has several splits' worth of row groups.
    rowGroupSize: 5000,
    createdBy: 'kindling scripts/make-sql-data.ts',
  });
}

const out = resolve(import.meta.dirname, '../public/data');
mkdirSync(out, { recursive: true });
for (const table of [products, users, orders, sessions]) {
  writeFileSync(resolve(out, `${table.name}.csv`), csv(table));
  writeFileSync(resolve(out, `${table.name}.parquet`), new Uint8Array(parquet(table)));
  console.log(`${table.name}: ${table.rows.length} rows`);
}
