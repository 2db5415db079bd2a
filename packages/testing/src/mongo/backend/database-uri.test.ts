import { describe, expect, it } from 'vitest';
import { redactUri, uniqueDatabaseName, withDatabase } from './database-uri';

describe('withDatabase', () => {
  it('adds or replaces the database and keeps the query string', () => {
    expect(withDatabase('mongodb://127.0.0.1:27017', 'a')).toBe('mongodb://127.0.0.1:27017/a');
    expect(withDatabase('mongodb://h1:1,h2:2/old?replicaSet=rs0', 'a')).toBe(
      'mongodb://h1:1,h2:2/a?replicaSet=rs0',
    );
  });

  it('keeps the original authentication database when credentials are present', () => {
    expect(withDatabase('mongodb+srv://u:p@cluster.example.net/app?retryWrites=true', 'x')).toBe(
      'mongodb+srv://u:p@cluster.example.net/x?retryWrites=true&authSource=app',
    );
    expect(withDatabase('mongodb://u:p@h/?authSource=admin', 'x')).toBe('mongodb://u:p@h/x?authSource=admin');
  });

  it('rejects something that is not a MongoDB URI without echoing the password', () => {
    expect(() => withDatabase('postgres://u:secret@h/db', 'x')).toThrow(/^Not a MongoDB connection string/);
    expect(() => withDatabase('postgres://u:secret@h/db', 'x')).not.toThrow(/secret/);
  });
});

describe('uniqueDatabaseName', () => {
  it('never repeats and stays a valid database name', () => {
    const names = new Set(Array.from({ length: 50 }, () => uniqueDatabaseName('my.tests/with spaces')));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^my_tests_with_spaces_\d+_[0-9a-f]{8}$/);
  });

  it('redacts passwords', () => {
    expect(redactUri('mongodb://user:pa55@host/db')).toBe('mongodb://user:***@host/db');
  });
});
