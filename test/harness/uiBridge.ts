/**
 * Lets a real-host test drive the workbench the way a person does (keys, typing, clicks), which the
 * extension API cannot: a test writes its actions to a file and logs `[harness:ui] <id>`; the harness
 * performs them in Chromium and answers with `<id>.done` or `<id>.error`. Actions travel by file, not
 * by the log, so a key typed into a password box never appears in any output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';

/**
 * `inView`: inside the webview whose body says `data-twelvelabs-view="<name>"` (the Search view, the
 * player), found among the page's frames, since VS Code nests each webview in two iframes.
 */
export type UiAction = (
  | { press: string }
  | { type: string }
  /** Sets an input's whole value at once: for boxes that autocomplete while you type (the remote open dialog). */
  | { fill: string; text: string }
  | { click: string; text?: string }
  /** Moves the mouse onto the element: a menu focuses the item under it (and opens its submenu), so Enter then runs it. */
  | { hover: string; text?: string }
  | { waitFor: string; text?: string; timeoutMs?: number }
  /** Fails if any element matches right now (after a `waitFor` that shows the place is drawn). */
  | { expectNone: string }
  /** `of`: only that element (the first match), e.g. the quick input for the walkthrough's pictures. */
  | { screenshot: string; of?: string }
  | { pause: number }
  /** Reads a property of the first match (`textContent`, `currentTime`, `value`…) into the result list. */
  | { read: string; property: string; text?: string }
  /** Counts the matches (those holding `text`, if given) into the result list. */
  | { count: string; text?: string }
  /** Chooses an option of a `<select>` by its value, as picking it from the list does. */
  | { select: string; value: string }
  /** Scrolls the first match to its end (`bottom`) or its start, as the wheel does; its scroll listeners run. */
  | { scroll: string; to: 'top' | 'bottom' }
  /**
   * Starts watching for a new element matching the selector (not the one there now); `paintedAt` then
   * gives `Date.now()` just after the frame that first drew it was painted. For the benchmarks.
   */
  | { armPaint: string }
  | { paintedAt: true }
  /** The document's element count and the page's used JS heap (Chromium's `performance.memory`). */
  | { pageMetrics: true }
) & { inView?: string };

export const UI_MARKER = /^\[harness:ui\] ([\w-]+)\s*$/;

export async function performUiRequest(page: Page, dir: string, id: string, failureScreenshot?: string): Promise<void> {
  const requestFile = path.join(dir, `ui-${id}.json`);
  let step = 'reading the request';
  try {
    const actions = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as UiAction[];
    fs.rmSync(requestFile);
    const results: unknown[] = [];
    for (const [index, action] of actions.entries()) {
      step = `action ${index + 1} of ${actions.length} (${describe(action)})`;
      const result = await performInPlace(page, action);
      if (result !== undefined) {
        results.push(result.value);
      }
    }
    writeWhole(path.join(dir, `ui-${id}.done`), JSON.stringify(results));
  } catch (error) {
    // What the workbench showed when it went wrong says more than any message.
    const picture = failureScreenshot ? `${failureScreenshot}-${id}.png` : undefined;
    if (picture) {
      await page.screenshot({ path: picture }).catch(() => undefined);
    }
    const reason = error instanceof Error ? error.message.split('\n').slice(0, 12).join(' | ') : String(error);
    writeWhole(path.join(dir, `ui-${id}.error`), `${step}: ${reason}${picture ? ` (screenshot: ${picture})` : ''}`);
  }
}

/**
 * The test polls for the answer's name: written in place, the file exists before its content does,
 * and a test that read it then saw no results at all. A rename makes it appear whole.
 */
function writeWhole(file: string, content: string): void {
  fs.writeFileSync(`${file}.partial`, content);
  fs.renameSync(`${file}.partial`, file);
}

/**
 * A webview may be drawn anew while an action waits (its host sets new HTML, e.g. a wider policy): the
 * action then starts again in the new frame, within its own time limit.
 */
async function performInPlace(page: Page, action: UiAction): Promise<{ value: unknown } | undefined> {
  for (let attempt = 1; ; attempt++) {
    const where = action.inView === undefined ? page : await webviewFrame(page, action.inView);
    try {
      return await perform(page, where, action);
    } catch (error) {
      const detached = error instanceof Error && /detached|Target closed|Execution context was destroyed/i.test(error.message);
      if (!detached || action.inView === undefined || attempt >= 3) {
        throw error;
      }
    }
  }
}

/** The frame of a webview of ours, by the name its body carries; waits for it to be drawn. */
async function webviewFrame(page: Page, name: string): Promise<Frame> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const frame of page.frames()) {
      // A string, not a function: this program has no DOM types, the frame does.
      if (frame.isDetached()) {
        continue;
      }
      const found = await frame.evaluate(`document.body?.dataset.twelvelabsView === ${JSON.stringify(name)}`).catch(() => false);
      // Only a frame that is drawn: VS Code keeps the frame of a view it hid, and hides it with its iframe.
      if (found && (await drawn(frame))) {
        return frame;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no webview "${name}" on the page`);
    }
    await page.waitForTimeout(100);
  }
}

/** Whether the frame and every iframe around it take up room on the page. */
async function drawn(frame: Frame): Promise<boolean> {
  for (let current: Frame | null = frame; current?.parentFrame(); current = current.parentFrame()) {
    const element = await current.frameElement().catch(() => undefined);
    // isVisible: a box, and not `visibility: hidden`, which is how VS Code hides the frame it is replacing.
    if (!element || !(await element.isVisible().catch(() => false))) {
      return false;
    }
  }
  return true;
}

async function perform(page: Page, where: Page | Frame, action: UiAction): Promise<{ value: unknown } | undefined> {
  if ('press' in action) {
    await page.keyboard.press(action.press);
  } else if ('type' in action) {
    await page.keyboard.type(action.type, { delay: 5 });
  } else if ('fill' in action) {
    await locate(where, action.fill).fill(action.text);
  } else if ('click' in action) {
    await locate(where, action.click, action.text).click({ timeout: 10_000 });
  } else if ('hover' in action) {
    await locate(where, action.hover, action.text).hover({ timeout: 10_000 });
  } else if ('waitFor' in action) {
    await locate(where, action.waitFor, action.text).waitFor({ state: 'visible', timeout: action.timeoutMs ?? 10_000 });
  } else if ('read' in action) {
    const value: unknown = await locate(where, action.read, action.text).evaluate((element, property) => (element as unknown as Record<string, unknown>)[property], action.property);
    return { value };
  } else if ('select' in action) {
    await locate(where, action.select).selectOption(action.value);
  } else if ('scroll' in action) {
    await locate(where, action.scroll).evaluate((element, to) => {
      // Typed by hand: this program has no DOM types, the frame does.
      const box = element as unknown as { scrollTop: number; scrollHeight: number };
      box.scrollTop = to === 'bottom' ? box.scrollHeight : 0;
    }, action.to);
  } else if ('armPaint' in action) {
    // Strings, not functions: this program has no DOM types, the frame does.
    await where.evaluate(`(() => {
      const selector = ${JSON.stringify(action.armPaint)};
      const before = document.querySelector(selector);
      window.__twelvelabsPaint = new Promise((resolve) => {
        const check = () => {
          const now = document.querySelector(selector);
          // In the frame's animation callback the element is laid out for this frame; a task queued
          // from it runs once that frame is painted.
          if (now && now !== before) setTimeout(() => resolve(Date.now()), 0);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    })()`);
  } else if ('paintedAt' in action) {
    return { value: await where.evaluate('window.__twelvelabsPaint') };
  } else if ('pageMetrics' in action) {
    return { value: await where.evaluate('({ elements: document.getElementsByTagName("*").length, heapBytes: performance.memory ? performance.memory.usedJSHeapSize : undefined })') };
  } else if ('count' in action) {
    const all = where.locator(action.count);
    return { value: await (action.text === undefined ? all : all.filter({ hasText: action.text })).count() };
  } else if ('expectNone' in action) {
    const found = await where.locator(action.expectNone).count();
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
  return undefined;
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

function locate(where: Page | Frame, selector: string, text?: string) {
  const all = where.locator(selector);
  return (text === undefined ? all : all.filter({ hasText: text })).first();
}
