/**
 * Auth.js (next-auth v5, in maintenance mode) kept behind this one module: credentials sign-in,
 * JWT sessions carrying the user id and the id of a row in the sessions table. Everything else
 * (whether that session still lives, disabled users, admin rights, roles) is re-read from the
 * database on each request by `sessionActor`, so sign-out and other changes apply at once.
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
import { isLiveSession, SESSION_MAX_DAYS, startSession } from './sessions';

declare module 'next-auth' {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: authSecret(),
  trustHost: true,
  // The cookie's absolute lifetime; the idle timeout and revocation live in the sessions table.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_DAYS * 24 * 3600 },
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
          const session = await startSession(user.id, ip, request?.headers.get('user-agent') ?? null);
          return { id: user.id, email: user.email, name: user.name, sessionId: session.id };
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
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === 'string') session.sessionId = token.sid;
      return session;
    },
  },
});

/** The signed-in user of this request, or null (signed out, session ended or expired, user deleted or disabled). */
export async function sessionActor(): Promise<Actor | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !(await isLiveSession(session.sessionId, id))) return null;
  const user = await findUserById(id);
  const actor = user ? actorFromUser(user, 'session') : null;
  return actor ? { ...actor, sessionId: session.sessionId } : null;
}
