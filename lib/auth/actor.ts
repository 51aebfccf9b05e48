/** Who is asking: a signed-in user (Auth.js session) or the owner of an API token. */
import type { User } from '@/db/schema';

export interface Actor {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  via: 'session' | 'token';
  /** The browser session making the request (via 'session'), so it can be ended or kept. */
  sessionId?: string;
}

export function actorFromUser(user: User, via: Actor['via']): Actor | null {
  if (user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, via };
}
