import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/db';
import { numberPlaceholders } from '../../../backend/store/postgres';
import { bothStores, freshDatabase, type StoreKind } from '../stores';

describe('numberPlaceholders', () => {
  it("numbers each ? for PostgreSQL and leaves question marks in quoted text alone", () => {
    expect(numberPlaceholders("SELECT ? WHERE a = ? AND b = 'why?' AND c = 'it''s ?' AND d = ?")).toBe(
      "SELECT $1 WHERE a = $2 AND b = 'why?' AND c = 'it''s ?' AND d = $3",
    );
  });
});

describe.each(bothStores())('SqlDatabase on %s', (kind: StoreKind) => {
  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    const insert = "INSERT INTO backend_secrets (name, value, created_at) VALUES (?, ?, 1)";
    await db.transaction(async (tx) => {
      await tx.run(insert, ['kept', Buffer.alloc(1)]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.run(insert, ['dropped', Buffer.alloc(1)]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.all('SELECT name FROM backend_secrets')).toEqual([{ name: 'kept' }]);
    await db.close();
  });

  it('keeps statements of other callers out of an open transaction', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    const insert = "INSERT INTO backend_secrets (name, value, created_at) VALUES (?, ?, 1)";
    const failing = db.transaction(async (tx) => {
      await tx.run(insert, ['inside', Buffer.alloc(1)]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('rolled back');
    });
    // Issued while the transaction is open; it must not be rolled back with it.
    const outside = db.run(insert, ['outside', Buffer.alloc(1)]);
    await expect(failing).rejects.toThrow('rolled back');
    await expect(outside).resolves.toBe(1);
    expect(await db.all('SELECT name FROM backend_secrets')).toEqual([{ name: 'outside' }]);
    await db.close();
  });

  it('reads times back as numbers and secrets as bytes', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    await db.run("INSERT INTO backend_secrets (name, value, created_at) VALUES ('k', ?, ?)", [Buffer.from([1, 2, 3]), 1_893_456_000_000]);
    expect(await db.get('SELECT value, created_at FROM backend_secrets')).toEqual({ value: Buffer.from([1, 2, 3]), created_at: 1_893_456_000_000 });
    await db.close();
  });
});
