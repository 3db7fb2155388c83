/**
 * Lets a real-host test drive the workbench the way a person does (keys, typing, clicks), which the
 * extension API cannot: a test writes its actions to a file and logs `[harness:ui] <id>`; the harness
 * performs them in Chromium and answers with `<id>.done` or `<id>.error`. Actions travel by file, not
 * by the log, so a key typed into a password box never appears in any output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export type UiAction =
  | { press: string }
  | { type: string }
  /** Sets an input's whole value at once: for boxes that autocomplete while you type (the remote open dialog). */
  | { fill: string; text: string }
  | { click: string; text?: string }
  | { waitFor: string; text?: string; timeoutMs?: number }
  /** Fails if any element matches right now (after a `waitFor` that shows the place is drawn). */
  | { expectNone: string }
  /** `of`: only that element (the first match), e.g. the quick input for the walkthrough's pictures. */
  | { screenshot: string; of?: string }
  | { pause: number };

export const UI_MARKER = /^\[harness:ui\] ([\w-]+)\s*$/;

export async function performUiRequest(page: Page, dir: string, id: string, failureScreenshot?: string): Promise<void> {
  const requestFile = path.join(dir, `ui-${id}.json`);
  let step = 'reading the request';
  try {
    const actions = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as UiAction[];
    fs.rmSync(requestFile);
    for (const [index, action] of actions.entries()) {
      step = `action ${index + 1} of ${actions.length} (${describe(action)})`;
      await perform(page, action);
    }
    fs.writeFileSync(path.join(dir, `ui-${id}.done`), '');
  } catch (error) {
    // What the workbench showed when it went wrong says more than any message.
    const picture = failureScreenshot ? `${failureScreenshot}-${id}.png` : undefined;
    if (picture) {
      await page.screenshot({ path: picture }).catch(() => undefined);
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    fs.writeFileSync(path.join(dir, `ui-${id}.error`), `${step}: ${reason}${picture ? ` (screenshot: ${picture})` : ''}`);
  }
}

async function perform(page: Page, action: UiAction): Promise<void> {
  if ('press' in action) {
    await page.keyboard.press(action.press);
  } else if ('type' in action) {
    await page.keyboard.type(action.type, { delay: 5 });
  } else if ('fill' in action) {
    await locate(page, action.fill).fill(action.text);
  } else if ('click' in action) {
    await locate(page, action.click, action.text).click();
  } else if ('waitFor' in action) {
    await locate(page, action.waitFor, action.text).waitFor({ state: 'visible', timeout: action.timeoutMs ?? 10_000 });
  } else if ('expectNone' in action) {
    const found = await page.locator(action.expectNone).count();
    if (found > 0) {
      throw new Error(`${found} element(s) match ${action.expectNone}`);
    }
  } else if ('screenshot' in action) {
    // Two frames: the first paints what the last change laid out, the second proves it was painted.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    if (action.of) {
      await page.locator(action.of).first().screenshot({ path: action.screenshot });
    } else {
      await page.screenshot({ path: action.screenshot });
    }
  } else {
    await page.waitForTimeout(action.pause);
  }
}

/** Names an action without its typed text, which may be a key. */
function describe(action: UiAction): string {
  if ('type' in action) {
    return `typing ${action.type.length} characters`;
  }
  if ('fill' in action) {
    return `filling ${action.fill} with ${action.text.length} characters`;
  }
  return JSON.stringify(action);
}

function locate(page: Page, selector: string, text?: string) {
  const all = page.locator(selector);
  return (text === undefined ? all : all.filter({ hasText: text })).first();
}
