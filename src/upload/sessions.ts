/**
 * Uploads in flight, each with the AbortController its progress notification's Cancel aborts. Kept
 * so the test API can watch progress and cancel the way the Cancel button does.
 */
export interface UploadSession {
  id: number;
  indexId: string;
  controller: AbortController;
  sent: number;
  total: number;
  /** Progress notification texts shown, oldest first. */
  messages: string[];
}

export class UploadSessions {
  private readonly active = new Map<number, UploadSession>();
  private nextId = 1;
  private readonly recentMessages: string[] = [];

  start(indexId: string, total: number): UploadSession {
    const session: UploadSession = { id: this.nextId++, indexId, controller: new AbortController(), sent: 0, total, messages: [] };
    this.active.set(session.id, session);
    return session;
  }

  report(session: UploadSession, message: string): void {
    session.messages.push(message);
    this.recentMessages.push(message);
    if (this.recentMessages.length > 200) {
      this.recentMessages.shift();
    }
  }

  end(session: UploadSession): void {
    this.active.delete(session.id);
  }

  all(): UploadSession[] {
    return [...this.active.values()];
  }

  messages(): string[] {
    return [...this.recentMessages];
  }

  cancelAll(): number {
    const sessions = this.all();
    for (const session of sessions) {
      session.controller.abort();
    }
    return sessions.length;
  }
}
