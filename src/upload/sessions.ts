/**
 * Uploads in flight, each with the AbortController its progress notification's Cancel aborts, so
 * that closing the window (or the extension) cancels them all.
 */
export interface UploadSession {
  id: number;
  indexId: string;
  controller: AbortController;
  sent: number;
  total: number;
}

export class UploadSessions {
  private readonly active = new Map<number, UploadSession>();
  private nextId = 1;

  start(indexId: string, total: number): UploadSession {
    const session: UploadSession = { id: this.nextId++, indexId, controller: new AbortController(), sent: 0, total };
    this.active.set(session.id, session);
    return session;
  }

  end(session: UploadSession): void {
    this.active.delete(session.id);
  }

  all(): UploadSession[] {
    return [...this.active.values()];
  }

  cancelAll(): number {
    const sessions = this.all();
    for (const session of sessions) {
      session.controller.abort();
    }
    return sessions.length;
  }
}
