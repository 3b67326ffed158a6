import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG } from "./catalog";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

export interface OpenOptions {
  /** How long a writer waits for another connection's lock before failing, in ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database at `path` (":memory:" for tests), with WAL, foreign keys
 * and a busy timeout, applies pending migrations and brings the service catalog up to date.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma("synchronous = NORMAL");
  // Reports read large indexes (usage has millions of rows at 5,000 customers): a 64 MB page cache
  // and memory-mapped reads keep them off the syscall path. Both are per connection and cheap when idle.
  sqlite.pragma("cache_size = -65536");
  if (path !== ":memory:") sqlite.pragma("mmap_size = 268435456");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  syncCatalog(db);
  return db;
}

/** Upserts the catalog rows from data, so a catalog change ships with the code. */
function syncCatalog(db: Db): void {
  const upsert = db.$client.prepare(
    `insert into services (id, name, unit, distribution, fly, detail, position)
     values (@id, @name, @unit, @distribution, @fly, @detail, @position)
     on conflict(id) do update set name = excluded.name, unit = excluded.unit,
       distribution = excluded.distribution, fly = excluded.fly, detail = excluded.detail,
       position = excluded.position`,
  );
  db.$client.transaction(() => {
    CATALOG.forEach((s, i) =>
      upsert.run({
        id: s.id,
        name: s.name,
        unit: s.unit,
        distribution: s.distribution ? 1 : 0,
        fly: s.fly ? 1 : 0,
        detail: s.detail ?? null,
        position: i + 1,
      }),
    );
  })();
}

/** Runs `fn` in one write transaction started with BEGIN IMMEDIATE, so racing writers wait rather than fail. */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

const statements = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * A drizzle prepared query cached per database connection: built and prepared once, then run with
 * placeholders. For the hot paths (every verb's lookups), where building SQL each call costs more
 * than SQLite's work.
 */
export function cached<T>(db: Db, key: string, build: (db: Db) => T): T {
  let map = statements.get(db.$client);
  if (!map) statements.set(db.$client, (map = new Map()));
  let stmt = map.get(key) as T | undefined;
  if (stmt === undefined) map.set(key, (stmt = build(db)));
  return stmt;
}
