import { randomBytes } from 'node:crypto';
import vscode = require('vscode');

/**
 * The HTML shell of our webviews, with a strict Content-Security-Policy: nothing by default; our one
 * script by nonce; our stylesheets; images, media and connections only to the origins of the URLs the
 * API gave us (thumbnails, streams). The body carries no data: the script asks the host for it.
 */
export interface WebviewPage {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** `dist/webviews/<script>.js` and `data-twelvelabs-view` on the body. */
  view: 'search' | 'player';
  title: string;
  /** `media/webviews/*.css`. */
  styles: string[];
  imageOrigins?: Iterable<string>;
  mediaOrigins?: Iterable<string>;
  connectOrigins?: Iterable<string>;
  /** `blob:` media (hls.js plays through Media Source Extensions). */
  blobMedia?: boolean;
}

/** What a webview may load: only its own scripts and styles, under dist/webviews and media/. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(extensionUri, 'media', 'webviews')];
}

export function webviewHtml(page: WebviewPage): string {
  const nonce = randomBytes(18).toString('base64');
  const { webview } = page;
  const script = webview.asWebviewUri(vscode.Uri.joinPath(page.extensionUri, 'dist', 'webviews', `${page.view}.js`));
  const styles = page.styles.map((name) => webview.asWebviewUri(vscode.Uri.joinPath(page.extensionUri, 'media', 'webviews', name)));
  const images = originList(page.imageOrigins);
  const media = originList(page.mediaOrigins);
  const connect = originList(page.connectOrigins);
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}${images}`,
    `media-src ${page.blobMedia ? 'blob:' : "'none'"}${media}`,
    `connect-src ${connect === '' ? "'none'" : connect.trim()}`,
    "font-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((uri) => `<link rel="stylesheet" href="${escapeAttribute(uri.toString())}">`).join('\n')}
<title>${escapeText(page.title)}</title>
</head>
<body data-twelvelabs-view="${page.view}">
<script nonce="${nonce}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}

/**
 * The origins (`https://host:port`) of URLs the API returned, for the policy: only http(s), and only
 * what `new URL` reads as an origin, so that no text from a server can add a directive.
 */
export function originsOf(urls: Iterable<string | undefined>): Set<string> {
  const origins = new Set<string>();
  for (const url of urls) {
    if (url === undefined) {
      continue;
    }
    try {
      const parsed = new URL(url);
      if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && /^[a-z0-9.:[\]-]+$/i.test(parsed.host)) {
        origins.add(parsed.origin);
      }
    } catch {
      // Not a URL: nothing to allow.
    }
  }
  return origins;
}

function originList(origins: Iterable<string> | undefined): string {
  const list = [...originsOf(origins ?? [])];
  return list.length === 0 ? '' : ` ${list.join(' ')}`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Sees every message to and from our webviews: the test build records them for the leak scan; the product passes none. */
export type WebviewTap = (view: 'search' | 'player', direction: 'toWebview' | 'fromWebview', message: unknown) => void;
