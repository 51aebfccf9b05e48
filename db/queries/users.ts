import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { users, type User } from '../schema';

export async function findUserByEmail(email: string): Promise<User | undefined> {
  return query('find user by email', async () => {
    const db = await getDb();
    const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
    return row;
  });
}

export async function findUserById(id: string): Promise<User | undefined> {
  return query('find user', async () => {
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  });
}

export async function insertUser(values: { email: string; name: string; passwordHash: string; isAdmin?: boolean }): Promise<User> {
  return query('create user', async () => {
    const db = await getDb();
    const [row] = await db.insert(users).values(values).returning();
    return row;
  });
}

export async function updateUser(
  id: string,
  values: Partial<Pick<User, 'name' | 'passwordHash' | 'isAdmin' | 'disabledAt'>>,
): Promise<User | undefined> {
  return query('update user', async () => {
    const db = await getDb();
    const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
    return row;
  });
}

export async function listUsers(): Promise<User[]> {
  return query('list users', async () => {
    const db = await getDb();
    return db.select().from(users).orderBy(asc(users.email));
  });
}

export async function countUsers(): Promise<number> {
  return query('count users', async () => {
    const db = await getDb();
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
    return row.n;
  });
}
