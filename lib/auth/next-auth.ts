/**
 * Auth.js (next-auth v5, in maintenance mode) kept behind this one module: credentials sign-in,
 * JWT sessions carrying only the user id. Everything else (disabled users, admin rights, roles)
 * is re-read from the database on each request by `sessionActor`, so changes apply at once.
 */
import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { findUserById } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { actorFromUser, type Actor } from './actor';
import { signInSchema, verifyCredentials } from './accounts';
import { authSecret } from './auth-secret';
import { clientIpFrom } from './client-ip';

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new SignInRefused('invalid_input');
        const ip = clientIpFrom(request?.headers);
        try {
          const user = await verifyCredentials(parsed.data.email, parsed.data.password, ip);
          return { id: user.id, email: user.email, name: user.name };
        } catch (err) {
          if (err instanceof AppError) throw new SignInRefused(err.code);
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});

/** The signed-in user of this request, or null (signed out, deleted or disabled). */
export async function sessionActor(): Promise<Actor | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findUserById(id);
  return user ? actorFromUser(user, 'session') : null;
}
