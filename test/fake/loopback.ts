// A node:http server on 127.0.0.1 that a fake origin (storage, media) runs on: listening on an
// ephemeral port, and closing with every connection cut, so no test leaves a socket behind.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export class LoopbackServer {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private closed: Promise<void> | undefined;
  /** http://127.0.0.1:PORT once listening. */
  origin = '';

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => void) {
    this.server = createServer(handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closed;
  }
}

/** A request to a side origin that carried `x-api-key` (which a correct client never sends there). */
export interface ApiKeyRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * A fake origin beside the API (storage, media): its own LoopbackServer, its request log, and the
 * requests that carried the API key, which is what those origins exist to catch.
 */
export abstract class LoopbackOrigin<Entry> {
  /** Every request, in arrival order. */
  readonly requests: Entry[] = [];
  private readonly apiKeyRequests: ApiKeyRequest[] = [];
  private readonly http = new LoopbackServer((req, res) => this.serve(req, res));

  protected abstract serve(req: IncomingMessage, res: ServerResponse): void;

  /** Notes the request when it carries `x-api-key`; says whether it did. */
  protected noteApiKey(method: string, path: string, headers: IncomingHttpHeaders): boolean {
    if (headers['x-api-key'] === undefined) return false;
    this.apiKeyRequests.push({ method, path, headers: { ...headers } });
    return true;
  }

  /** http://127.0.0.1:PORT once listening. */
  get origin(): string {
    return this.http.origin;
  }

  listen(port = 0): Promise<void> {
    return this.http.listen(port);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  requestsWithApiKey(): ApiKeyRequest[] {
    return this.apiKeyRequests.map((r) => ({ ...r, headers: { ...r.headers } }));
  }

  clearRequests(): void {
    this.requests.length = 0;
    this.apiKeyRequests.length = 0;
  }
}
