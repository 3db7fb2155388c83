/** The channel to the extension host that VS Code gives a webview: once per page, typed by its messages. */
interface VsCodeApi<Message> {
  postMessage(message: Message): void;
}
declare function acquireVsCodeApi<Message>(): VsCodeApi<Message>;

export function hostChannel<Message>(): (message: Message) => void {
  const api = acquireVsCodeApi<Message>();
  return (message) => api.postMessage(message);
}
