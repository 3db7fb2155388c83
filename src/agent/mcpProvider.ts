import vscode = require('vscode');
import { checkApiUrl, type UrlSetting } from '../api/apiUrl';
import type { Logger } from '../common/logging/logger';
import { DEFAULT_MCP_URL } from '../common/settings';

/**
 * Offers the Twelve Labs remote MCP server to VS Code's agents, with the stored key. The definition
 * VS Code lists (and may cache) carries no key: the `X-api-key` header is added only in
 * `resolveMcpServerDefinition`, read from SecretStorage when VS Code is about to connect, so the key
 * is never in mcp.json, settings or any other file.
 *
 * `lm.registerMcpServerDefinitionProvider` and `McpHttpServerDefinition` exist from VS Code 1.101 on,
 * and @types/vscode is pinned to our minimum (1.100): the few types needed are declared here, and
 * the API is looked up at run time, so 1.100 runs everything else.
 */

/** package.json `contributes.mcpServerDefinitionProviders[0].id`. */
export const MCP_PROVIDER_ID = 'twelvelabs.mcpServer';
export const MCP_SERVER_LABEL = 'Twelve Labs';
export const MCP_URL_SETTING: UrlSetting = { name: 'twelveLabs.mcp.url', example: DEFAULT_MCP_URL };
/** The header the vendor's server reads the key from. */
export const MCP_KEY_HEADER = 'X-api-key';

/** VS Code 1.101's `McpHttpServerDefinition`, as far as we use it. */
export interface McpHttpDefinition {
  readonly label: string;
  uri: vscode.Uri;
  headers: Record<string, string>;
  version?: string;
}

export type McpHttpDefinitionConstructor = new (label: string, uri: vscode.Uri, headers?: Record<string, string>, version?: string) => McpHttpDefinition;

export interface McpServerDefinitionProviderLike {
  readonly onDidChangeMcpServerDefinitions: vscode.Event<void>;
  provideMcpServerDefinitions(token?: vscode.CancellationToken): Promise<McpHttpDefinition[]>;
  resolveMcpServerDefinition(server: McpHttpDefinition, token?: vscode.CancellationToken): Promise<McpHttpDefinition | undefined>;
}

export interface McpApi {
  Definition: McpHttpDefinitionConstructor;
  register(id: string, provider: McpServerDefinitionProviderLike): vscode.Disposable;
}

/**
 * The MCP provider API of this VS Code, or undefined before 1.101. The version counts as much as the
 * functions: 1.100 has both as a proposal under another contribution point, and registering there throws.
 */
export function findMcpApi(version = vscode.version): McpApi | undefined {
  const [major, minor] = version.split('.').map(Number);
  if (!(major > 1 || (major === 1 && minor >= 101))) {
    return undefined;
  }
  const lm = vscode.lm as unknown as { registerMcpServerDefinitionProvider?: (id: string, provider: McpServerDefinitionProviderLike) => vscode.Disposable };
  const Definition = (vscode as unknown as { McpHttpServerDefinition?: McpHttpDefinitionConstructor }).McpHttpServerDefinition;
  const register = lm.registerMcpServerDefinitionProvider;
  if (typeof register !== 'function' || typeof Definition !== 'function') {
    return undefined;
  }
  return { Definition, register: (id, provider) => register.call(vscode.lm, id, provider) };
}

export interface McpProviderDeps {
  Definition: McpHttpDefinitionConstructor;
  keys: {
    /** Present or not, and which key: never the key itself. */
    identity(): Promise<string | undefined>;
    /** Fires on every change of the key store (set, rotate, clear, validation, another window). */
    onDidChange: (listener: () => void) => vscode.Disposable;
    /** Reads SecretStorage now and returns the key, or undefined. */
    readNow(): Promise<string | undefined>;
  };
  settings: {
    url(): string;
    enabled(): boolean;
    /** Fires when `twelveLabs.mcp.*` changes. */
    onDidChange: (listener: () => void) => vscode.Disposable;
  };
  logger: Logger;
  version: string;
}

export class TwelveLabsMcpProvider implements McpServerDefinitionProviderLike, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** The key (by id) the last definitions were offered for: only a different key is a change. */
  private offeredFor: Promise<string | undefined>;
  /** How often a change was announced; the test build reads it. */
  changesFired = 0;

  readonly onDidChangeMcpServerDefinitions: vscode.Event<void> = this.changes.event;

  constructor(private readonly deps: McpProviderDeps) {
    this.offeredFor = deps.keys.identity();
    this.subscriptions = [
      this.changes,
      deps.keys.onDidChange(() => void this.keyMayHaveChanged()),
      deps.settings.onDidChange(() => this.announce('the twelveLabs.mcp settings changed')),
    ];
  }

  /** No key, no definition: VS Code would only get a 401 from the server, and the user no hint why. */
  async provideMcpServerDefinitions(): Promise<McpHttpDefinition[]> {
    if (!this.deps.settings.enabled()) {
      return [];
    }
    const url = this.checkedUrl();
    if (url === undefined || (await this.deps.keys.identity()) === undefined) {
      return [];
    }
    return [new this.deps.Definition(MCP_SERVER_LABEL, vscode.Uri.parse(url), {}, this.deps.version)];
  }

  /**
   * The key goes in here, read from SecretStorage at this moment; and only to the URL the settings
   * name now, so a definition offered before a change of `twelveLabs.mcp.url` carries no key elsewhere.
   */
  async resolveMcpServerDefinition(server: McpHttpDefinition): Promise<McpHttpDefinition | undefined> {
    const url = this.deps.settings.enabled() ? this.checkedUrl() : undefined;
    if (url === undefined || server.uri.toString(true) !== vscode.Uri.parse(url).toString(true)) {
      this.deps.logger.info('MCP: not starting the Twelve Labs server: the provider is off or its URL changed since it was offered.');
      return undefined;
    }
    const key = await this.deps.keys.readNow();
    if (key === undefined) {
      this.deps.logger.info('MCP: not starting the Twelve Labs server: no API key is stored (Twelve Labs: Set API Key).');
      return undefined;
    }
    server.headers = { ...server.headers, [MCP_KEY_HEADER]: key };
    return server;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private checkedUrl(): string | undefined {
    const check = checkApiUrl(this.deps.settings.url(), MCP_URL_SETTING);
    if (!check.ok) {
      this.deps.logger.warn(`MCP: ${check.reason}`);
      return undefined;
    }
    if (check.needsInsecureConsent) {
      // No question is asked here (VS Code may resolve at any time): the key never goes over plain http off this machine.
      this.deps.logger.warn(`MCP: the twelveLabs.mcp.url setting (${check.url}) uses plain http to another machine; the server is not offered. Use https://.`);
      return undefined;
    }
    return check.url;
  }

  private async keyMayHaveChanged(): Promise<void> {
    const before = await this.offeredFor;
    const next = this.deps.keys.identity();
    this.offeredFor = next;
    if ((await next) !== before) {
      this.announce('the API key changed');
    }
  }

  private announce(why: string): void {
    this.changesFired++;
    this.deps.logger.debug(`MCP: server definitions changed (${why}).`);
    this.changes.fire();
  }
}
