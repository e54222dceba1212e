/**
 * Sees every token refresh (session) and credential refresh (AWS) begin and
 * end. The soak command counts concurrency with it; the app passes none.
 */
export interface RefreshObserver {
  refreshStarted(kind: 'token' | 'credentials'): void;
  refreshEnded(kind: 'token' | 'credentials'): void;
}
