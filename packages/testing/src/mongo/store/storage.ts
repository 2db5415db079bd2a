import type { Document } from 'bson';
import { Collection } from './collection';

/** All databases of one server: `dbName → collectionName → Collection`, created on first write. */
export class Storage {
  private readonly databases = new Map<string, Map<string, Collection>>();

  get(dbName: string, name: string): Collection | undefined {
    return this.databases.get(dbName)?.get(name);
  }

  /** The collection, created implicitly as mongod does on first insert or index build. */
  ensure(dbName: string, name: string, options: Document = {}): Collection {
    let db = this.databases.get(dbName);
    if (!db) {
      db = new Map();
      this.databases.set(dbName, db);
    }
    let collection = db.get(name);
    if (!collection) {
      collection = new Collection(dbName, name, options);
      db.set(name, collection);
    }
    return collection;
  }

  list(dbName: string): Collection[] {
    return [...(this.databases.get(dbName)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  all(): Collection[] {
    return [...this.databases.values()].flatMap((db) => [...db.values()]);
  }

  drop(dbName: string, name: string): Collection | undefined {
    const collection = this.get(dbName, name);
    this.databases.get(dbName)?.delete(name);
    return collection;
  }

  dropDatabase(dbName: string): void {
    this.databases.delete(dbName);
  }
}
