/**
 * localStorage that never throws: private browsing, full storage or a blocked origin must not stop a vote;
 * the app then keeps the value in memory only.
 */
export const safeStorage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Memory only: see above.
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // Memory only: see above.
    }
  },
};

export const storageKeys = {
  participantToken: (code: string) => `pnyx:participant:${code}`,
  pendingBallots: (code: string) => `pnyx:ballots:${code}`,
  moderatorToken: (sessionId: string) => `pnyx:moderator:${sessionId}`,
  /** The language a phone shows questions in, when chosen there: every session that has it. */
  contentLanguage: 'pnyx:content-language',
};
